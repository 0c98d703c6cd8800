package io.lwp4j.stress;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs jcstress ({@code org.openjdk.jcstress.Main}, same arguments) and exits 1 unless its summary says that no test
 * failed and none had an error: jcstress itself exits 0 whatever it found, which would let a build pass over a
 * forbidden outcome.
 */
public final class StressRun {

    private StressRun() {}

    public static void main(String[] args) throws Exception {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(new Tee(console, copy), true, StandardCharsets.UTF_8));
        org.openjdk.jcstress.Main.main(args);
        System.out.flush();
        String out = copy.toString(StandardCharsets.UTF_8);
        boolean ran = out.contains("RUN RESULTS:");
        boolean clean = out.contains("Failed tests: No matches.") && out.contains("Error tests: No matches.");
        if (!ran || !clean) {
            console.println("lwp4j-stress: jcstress " + (ran ? "found failed or erroneous tests (see above)"
                    : "printed no summary"));
            System.exit(1);
        }
        console.println("lwp4j-stress: no forbidden outcome, no error");
        System.exit(0);
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
        }
    }
}
