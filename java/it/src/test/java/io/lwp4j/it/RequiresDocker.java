package io.lwp4j.it;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;
import org.testcontainers.DockerClientFactory;

/**
 * On every container test class: with a Docker engine, the tests run. Without one they are skipped with the
 * reason (each test shows as skipped in the report), unless {@code -Dlwp4j.it.required=true} (set by .ci/test),
 * which makes the missing engine a failure: in CI the container tests must run, never silently skip.
 */
public final class RequiresDocker implements ExecutionCondition {
    static final boolean REQUIRED = Boolean.getBoolean("lwp4j.it.required");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return ConditionEvaluationResult.enabled("a Docker engine answers");
        }
        String why = "no Docker engine answers (Testcontainers tried DOCKER_HOST, ~/.testcontainers.properties and "
                + "/var/run/docker.sock)";
        if (REQUIRED) {
            throw new AssertionFailedError(why + ", and -Dlwp4j.it.required=true says the container tests must run. "
                    + ".ci/test starts one when run as root (docker/engine.sh up); otherwise start Docker, or run "
                    + "with LWP4J_IT=0.");
        }
        return ConditionEvaluationResult.disabled(why + ": container test skipped (.ci/test runs them, with "
                + "-Dlwp4j.it.required=true)");
    }
}
