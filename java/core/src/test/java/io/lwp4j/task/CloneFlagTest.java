package io.lwp4j.task;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The flag values against the kernel's header; the validation rules. */
class CloneFlagTest {

    @Test
    void everyFlagHasTheValueOfLinuxSchedH() throws Exception {
        Path h = Paths.get("/usr/include/linux/sched.h");
        assertTrue(Files.exists(h), "the kernel headers (linux-libc-dev) are part of the native toolchain");
        Map<String, Long> defined = new HashMap<>();
        Matcher m = Pattern.compile("#define\\s+(CLONE_\\w+)\\s+(0x[0-9a-fA-F]+)").matcher(Files.readString(h));
        while (m.find()) {
            defined.put(m.group(1), Long.decode(m.group(2)));
        }
        for (CloneFlag f : CloneFlag.values()) {
            assertEquals(defined.get(f.name()), f.value(), f.name());
        }
        defined.keySet().removeIf(n -> n.startsWith("CLONE_ARGS_SIZE"));
        assertEquals(defined.size(), CloneFlag.values().length, "flags in the header: " + defined.keySet());
    }

    @Test
    void thePresetsAreValid() {
        // glibc's pthread_create passes 0x3d0f00 (nptl/pthread_create.c: CLONE_VM | CLONE_FS | CLONE_FILES |
        // CLONE_SYSVSEM | CLONE_SIGHAND | CLONE_THREAD | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID);
        // the thread preset is that minus the TLS and TID flags lwp4j sets itself (0x380000).
        assertEquals(0x3d0f00L & ~0x380000L, CloneFlag.bits(CloneFlag.threadPreset()),
                "thread preset " + CloneFlag.threadPreset());
        assertEquals(0L, CloneFlag.bits(CloneFlag.processPreset()), "process preset " + CloneFlag.processPreset());
        // Both pass the rules without the namespace opt-in, and each call gives a set of its own to add to.
        assertDoesNotThrow(() -> CloneFlag.validate(CloneFlag.threadPreset(), false));
        assertDoesNotThrow(() -> CloneFlag.validate(CloneFlag.processPreset(), false));
        CloneFlag.threadPreset().add(CloneFlag.CLONE_NEWNS);
        CloneFlag.processPreset().add(CloneFlag.CLONE_VM);
        assertFalse(CloneFlag.threadPreset().contains(CloneFlag.CLONE_NEWNS), "the presets are fresh sets");
        assertFalse(CloneFlag.processPreset().contains(CloneFlag.CLONE_VM), "the presets are fresh sets");
    }

    @Test
    void theKernelsRulesAreNamed() {
        assertRule(EnumSet.of(CloneFlag.CLONE_SIGHAND), "CLONE_SIGHAND needs CLONE_VM");
        assertRule(EnumSet.of(CloneFlag.CLONE_VM, CloneFlag.CLONE_THREAD), "CLONE_THREAD needs CLONE_SIGHAND");
        assertRule(EnumSet.of(CloneFlag.CLONE_NEWNS, CloneFlag.CLONE_FS), "CLONE_NEWNS cannot go with CLONE_FS");
        assertRule(EnumSet.of(CloneFlag.CLONE_NEWUSER, CloneFlag.CLONE_FS), "CLONE_NEWUSER cannot go with CLONE_FS");
        assertRule(EnumSet.of(CloneFlag.CLONE_VM, CloneFlag.CLONE_SIGHAND, CloneFlag.CLONE_THREAD,
                CloneFlag.CLONE_NEWPID), "CLONE_THREAD cannot go with CLONE_NEWPID");
        assertRule(EnumSet.of(CloneFlag.CLONE_NEWIPC, CloneFlag.CLONE_SYSVSEM),
                "CLONE_NEWIPC cannot go with CLONE_SYSVSEM");
    }

    private static void assertRule(EnumSet<CloneFlag> flags, String start) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CloneFlag.validate(flags, true));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }

    @Test
    void namespaceFlagsNeedTheOptIn() {
        for (CloneFlag f : CloneFlag.NAMESPACES) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CloneFlag.validate(EnumSet.of(f), false));
            assertTrue(e.getMessage().contains("opts in"), e.getMessage());
        }
        CloneFlag.validate(EnumSet.of(CloneFlag.CLONE_NEWUTS), true);
    }
}
