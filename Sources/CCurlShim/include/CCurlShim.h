#ifndef BREACH_CCURLSHIM_H
#define BREACH_CCURLSHIM_H
#include <curl/curl.h>
/* Typed wrappers for libcurl's variadic setters, which Swift cannot call. Filled in by the delivery area. */
CURLcode breach_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
#endif
