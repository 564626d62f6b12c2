/*
 * libcurl, loaded on first use instead of at every start.
 *
 * Linked normally, libcurl and its thirty dependencies (TLS, Kerberos, LDAP, HTTP/2, SSH, ...) were
 * mapped and relocated by the dynamic loader before main() for every command, half of the
 * instructions of `breach --help`, although only the commands that send (notify, check, doctor,
 * checkpoint) use them. Here they are opened with dlopen() the first time a transfer starts.
 *
 * The functions keep their own names with a `breach_` prefix: defining libcurl's own names in the
 * executable could capture libcurl's internal calls to its exported functions once it is loaded.
 */
#include "CCurlShim.h"
#include "curl_loader.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void *library;
static char failure[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void open_library(void) {
#ifdef __APPLE__
    static const char *const names[] = {"libcurl.4.dylib", "libcurl.dylib", NULL};
#else
    static const char *const names[] = {"libcurl.so.4", "libcurl.so", NULL};
#endif
    const char *error = "not found";
    for (int i = 0; names[i] != NULL; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (library != NULL) return;
        const char *reason = dlerror();
        if (i == 0 && reason != NULL) snprintf(failure, sizeof failure, "%s", reason);
    }
    if (failure[0] == '\0') snprintf(failure, sizeof failure, "%s", error);
}

const char *breach_curl_load(void) {
    pthread_once(&once, open_library);
    return library != NULL ? NULL : failure;
}

void *breach_curl_symbol(const char *name) {
    const char *error = breach_curl_load();
    void *symbol = error == NULL ? dlsym(library, name) : NULL;
    if (symbol == NULL) {
        /* Unreachable in practice: every transport calls breach_curl_load() first and reports its error. */
        fprintf(stderr, "breach: libcurl cannot be used (%s: %s); install libcurl 7.68 or later\n", name,
                error != NULL ? error : "symbol missing");
        exit(69);
    }
    return symbol;
}

CURLcode breach_curl_global_init(long flags) { return CURL_CALL(curl_global_init)(flags); }
CURL *breach_curl_easy_init(void) { return CURL_CALL(curl_easy_init)(); }
void breach_curl_easy_cleanup(CURL *handle) { CURL_CALL(curl_easy_cleanup)(handle); }
void breach_curl_easy_reset(CURL *handle) { CURL_CALL(curl_easy_reset)(handle); }
CURLcode breach_curl_easy_perform(CURL *handle) { return CURL_CALL(curl_easy_perform)(handle); }
const char *breach_curl_easy_strerror(CURLcode code) { return CURL_CALL(curl_easy_strerror)(code); }
struct curl_slist *breach_curl_slist_append(struct curl_slist *list, const char *item) {
    return CURL_CALL(curl_slist_append)(list, item);
}
void breach_curl_slist_free_all(struct curl_slist *list) { CURL_CALL(curl_slist_free_all)(list); }
CURLM *breach_curl_multi_init(void) { return CURL_CALL(curl_multi_init)(); }
CURLMcode breach_curl_multi_cleanup(CURLM *multi) { return CURL_CALL(curl_multi_cleanup)(multi); }
CURLMcode breach_curl_multi_add_handle(CURLM *multi, CURL *handle) { return CURL_CALL(curl_multi_add_handle)(multi, handle); }
CURLMcode breach_curl_multi_remove_handle(CURLM *multi, CURL *handle) {
    return CURL_CALL(curl_multi_remove_handle)(multi, handle);
}
CURLMcode breach_curl_multi_perform(CURLM *multi, int *running) { return CURL_CALL(curl_multi_perform)(multi, running); }
CURLMcode breach_curl_multi_poll(CURLM *multi, struct curl_waitfd *fds, unsigned int count, int timeout, int *ready) {
    return CURL_CALL(curl_multi_poll)(multi, fds, count, timeout, ready);
}
const char *breach_curl_multi_strerror(CURLMcode code) { return CURL_CALL(curl_multi_strerror)(code); }
