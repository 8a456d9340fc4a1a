/*
 * shnn_init failures are status codes with a message, never crashes, and are final (one JVM per
 * process). Usage: init_fail_test <expected substring of the first error>; run by scripts/test-native
 * with a broken SHNN_JAVA_HOME or SHNN_CLASSPATH. Exits 0 when the failure is reported as expected.
 */
#include <string.h>

#include "check.h"

int main(int argc, char **argv) {
    CHECK(argc == 2);
    int64_t out;
    CHECK_RC(SHNN_E_STATE, shnn_init(NULL, NULL));
    const char *msg = shnn_last_error_message();
    if (strstr(msg, argv[1]) == NULL) {
        fprintf(stderr, "init_fail_test: message \"%s\" lacks \"%s\"\n", msg, argv[1]);
        return 1;
    }
    int second = shnn_init(NULL, NULL);
    CHECK(second == SHNN_E_STATE);
    CHECK_RC(SHNN_E_STATE, shnn_echo(1, &out));
    printf("init_fail_test: ok (%s)\n", msg);
    return 0;
}
