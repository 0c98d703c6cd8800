package io.lwp4j.ps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

/**
 * User names for the UID column, as procps-ng's {@code pwcache_get_user} gives them: the first {@code /etc/passwd}
 * entry for the uid, or the uid in decimal when there is none or the name has 33 bytes or more ({@code P_G_SZ}).
 *
 * <p>Only {@code /etc/passwd} is read: users that the C library finds through other NSS sources (LDAP,
 * systemd-userdb) show as numbers here while {@code ps} would name them.
 */
final class UserNames {
    /** {@code P_G_SZ} in procps' pwcache.h. */
    private static final int P_G_SZ = 33;

    private final Map<Integer, String> names = new HashMap<>();

    UserNames() {
        String text;
        try {
            text = new String(Files.readAllBytes(Paths.get("/etc/passwd")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return;
        }
        for (String line : text.split("\n")) {
            int a = line.indexOf(':');
            int b = a < 0 ? -1 : line.indexOf(':', a + 1);
            int c = b < 0 ? -1 : line.indexOf(':', b + 1);
            if (c < 0 || a == 0) {
                continue;
            }
            try {
                long uid = Long.parseLong(line.substring(b + 1, c));
                names.putIfAbsent((int) uid, line.substring(0, a));
            } catch (NumberFormatException e) {
                // not an entry getpwuid could return
            }
        }
    }

    /** The name procps shows for {@code uid}. */
    String name(int uid) {
        String n = names.get(uid);
        if (n == null || n.getBytes(StandardCharsets.UTF_8).length >= P_G_SZ) {
            return Integer.toUnsignedString(uid);
        }
        return n;
    }
}
