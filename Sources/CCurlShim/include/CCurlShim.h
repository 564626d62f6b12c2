#ifndef BREACH_CCURLSHIM_H
#define BREACH_CCURLSHIM_H
/*
 * Typed wrappers for libcurl's variadic functions, which Swift cannot call,
 * and a small transfer context (breach_transfer) whose C callbacks capture
 * response headers / server reply lines, a bounded body prefix, the error
 * buffer, and feed an upload buffer. Everything here is synchronous and
 * owned by one thread at a time.
 */
#include <stddef.h>
#include <curl/curl.h>

/*
 * libcurl is opened on first use (curl_loader.c), not by the dynamic loader at start. Returns NULL once
 * it is loaded, or the loader's message when it cannot be; call it before any other function here.
 */
const char *breach_curl_load(void);

/* libcurl's functions of the same names without the prefix, called through the loaded library. */
CURLcode breach_curl_global_init(long flags);
CURL *breach_curl_easy_init(void);
void breach_curl_easy_cleanup(CURL *handle);
void breach_curl_easy_reset(CURL *handle);
CURLcode breach_curl_easy_perform(CURL *handle);
const char *breach_curl_easy_strerror(CURLcode code);
struct curl_slist *breach_curl_slist_append(struct curl_slist *list, const char *item);
void breach_curl_slist_free_all(struct curl_slist *list);
CURLM *breach_curl_multi_init(void);
CURLMcode breach_curl_multi_cleanup(CURLM *multi);
CURLMcode breach_curl_multi_add_handle(CURLM *multi, CURL *handle);
CURLMcode breach_curl_multi_remove_handle(CURLM *multi, CURL *handle);
CURLMcode breach_curl_multi_perform(CURLM *multi, int *running);
CURLMcode breach_curl_multi_poll(CURLM *multi, struct curl_waitfd *fds, unsigned int count, int timeout, int *ready);
const char *breach_curl_multi_strerror(CURLMcode code);

/* curl_easy_setopt, one wrapper per argument type. */
CURLcode breach_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode breach_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode breach_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode breach_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode breach_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);

/* curl_easy_getinfo, one wrapper per result type. */
CURLcode breach_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode breach_curl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value);
CURLcode breach_curl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value);

/* curl_multi_setopt with a long argument. */
CURLMcode breach_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

/*
 * Reads the next CURLMSG_DONE message from the multi handle. Returns 1 and
 * fills *easy and *result when there was one, 0 when the queue is empty.
 */
int breach_curl_multi_next_done(CURLM *multi, CURL **easy, CURLcode *result);

/* The version string of the libcurl in use, e.g. "7.88.1"; "unavailable" when it cannot be loaded. */
const char *breach_curl_version_number(void);

/* A transfer context: buffers filled/drained by libcurl callbacks. */
typedef struct breach_transfer breach_transfer;

breach_transfer *breach_transfer_new(void);
void breach_transfer_free(breach_transfer *transfer);

/* Clears captured headers, body and error text; rewinds the upload. */
void breach_transfer_reset(breach_transfer *transfer);

/* Copies `length` bytes to upload (SMTP DATA). Returns 0 on success, -1 when out of memory. */
int breach_transfer_set_upload(breach_transfer *transfer, const void *bytes, size_t length);

/*
 * Installs the callbacks on `handle`: header (all response header lines, or
 * for SMTP every server reply line), write (body kept up to `body_limit`
 * bytes, the rest counted and discarded), error buffer, and when `upload` is
 * non-zero the read callback over the upload buffer.
 */
CURLcode breach_transfer_attach(breach_transfer *transfer, CURL *handle, int upload, size_t body_limit);

/* Captured header bytes (NUL-terminated, bounded to 64 KiB). */
const char *breach_transfer_headers(const breach_transfer *transfer, size_t *length);
/* Captured body prefix (NUL-terminated). */
const char *breach_transfer_body(const breach_transfer *transfer, size_t *length);
/* Total body bytes received, including the discarded part. */
size_t breach_transfer_body_total(const breach_transfer *transfer);
/* libcurl's error buffer text for the last transfer ("" when none). */
const char *breach_transfer_error(const breach_transfer *transfer);
/* Upload bytes handed to libcurl so far. */
size_t breach_transfer_uploaded(const breach_transfer *transfer);

#endif
