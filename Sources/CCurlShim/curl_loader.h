#ifndef BREACH_CURL_LOADER_H
#define BREACH_CURL_LOADER_H
/* Private to CCurlShim: calling a libcurl function through the library opened on first use. */
#include <curl/curl.h>

/* The address of libcurl's `name`; prints one line and exits 69 when libcurl cannot be loaded. */
void *breach_curl_symbol(const char *name);

/*
 * CURL_CALL(curl_easy_init)(...) calls libcurl's function through a pointer looked up once and kept,
 * typed from curl.h's own declaration. (Naming the function without parentheses does not expand
 * curl.h's type-checking macros of the same names.)
 */
#define CURL_CALL(name) \
    (__extension__({ \
        static __typeof__(&name) cached_##name; \
        __typeof__(&name) pointer = __atomic_load_n(&cached_##name, __ATOMIC_ACQUIRE); \
        if (pointer == NULL) { \
            pointer = (__typeof__(&name))breach_curl_symbol(#name); \
            __atomic_store_n(&cached_##name, pointer, __ATOMIC_RELEASE); \
        } \
        pointer; \
    }))

#endif
