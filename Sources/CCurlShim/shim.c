#include "CCurlShim.h"
#include "curl_loader.h"

#include <stdlib.h>
#include <string.h>

CURLcode breach_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return CURL_CALL(curl_easy_setopt)(handle, option, value);
}

CURLcode breach_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return CURL_CALL(curl_easy_setopt)(handle, option, value);
}

CURLcode breach_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return CURL_CALL(curl_easy_setopt)(handle, option, value);
}

CURLcode breach_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return CURL_CALL(curl_easy_setopt)(handle, option, value);
}

CURLcode breach_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return CURL_CALL(curl_easy_setopt)(handle, option, value);
}

CURLcode breach_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return CURL_CALL(curl_easy_getinfo)(handle, info, value);
}

CURLcode breach_curl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    char *result = NULL;
    CURLcode code = CURL_CALL(curl_easy_getinfo)(handle, info, &result);
    *value = result;
    return code;
}

CURLcode breach_curl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return CURL_CALL(curl_easy_getinfo)(handle, info, value);
}

CURLMcode breach_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return CURL_CALL(curl_multi_setopt)(multi, option, value);
}

int breach_curl_multi_next_done(CURLM *multi, CURL **easy, CURLcode *result) {
    int queued = 0;
    CURLMsg *message;
    while ((message = CURL_CALL(curl_multi_info_read)(multi, &queued)) != NULL) {
        if (message->msg == CURLMSG_DONE) {
            *easy = message->easy_handle;
            *result = message->data.result;
            return 1;
        }
    }
    return 0;
}

const char *breach_curl_version_number(void) {
    if (breach_curl_load() != NULL) return "unavailable";
    return CURL_CALL(curl_version_info)(CURLVERSION_NOW)->version;
}

/* ---- transfer context ---- */

#define BREACH_HEADER_LIMIT (64 * 1024)

struct breach_buffer {
    char *bytes;
    size_t length;
    size_t capacity;
};

struct breach_transfer {
    struct breach_buffer headers;
    struct breach_buffer body;
    size_t body_limit;
    size_t body_total;
    char *upload;
    size_t upload_length;
    size_t upload_offset;
    char error[CURL_ERROR_SIZE];
};

/* Appends up to `limit` bytes in total; keeps the buffer NUL-terminated. */
static void buffer_append(struct breach_buffer *buffer, const char *bytes, size_t length, size_t limit) {
    if (buffer->length >= limit) return;
    if (length > limit - buffer->length) length = limit - buffer->length;
    if (buffer->length + length + 1 > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 256;
        while (capacity < buffer->length + length + 1) capacity *= 2;
        char *grown = realloc(buffer->bytes, capacity);
        if (grown == NULL) return;
        buffer->bytes = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->bytes + buffer->length, bytes, length);
    buffer->length += length;
    buffer->bytes[buffer->length] = '\0';
}

static void buffer_clear(struct breach_buffer *buffer) {
    buffer->length = 0;
    if (buffer->bytes) buffer->bytes[0] = '\0';
}

static size_t on_header(char *data, size_t size, size_t count, void *context) {
    breach_transfer *transfer = context;
    size_t length = size * count;
    buffer_append(&transfer->headers, data, length, BREACH_HEADER_LIMIT);
    return length;
}

static size_t on_write(char *data, size_t size, size_t count, void *context) {
    breach_transfer *transfer = context;
    size_t length = size * count;
    transfer->body_total += length;
    buffer_append(&transfer->body, data, length, transfer->body_limit);
    return length;
}

static size_t on_read(char *destination, size_t size, size_t count, void *context) {
    breach_transfer *transfer = context;
    size_t room = size * count;
    size_t left = transfer->upload_length - transfer->upload_offset;
    size_t length = left < room ? left : room;
    if (length > 0) {
        memcpy(destination, transfer->upload + transfer->upload_offset, length);
        transfer->upload_offset += length;
    }
    return length;
}

breach_transfer *breach_transfer_new(void) {
    return calloc(1, sizeof(breach_transfer));
}

void breach_transfer_free(breach_transfer *transfer) {
    if (transfer == NULL) return;
    free(transfer->headers.bytes);
    free(transfer->body.bytes);
    free(transfer->upload);
    free(transfer);
}

void breach_transfer_reset(breach_transfer *transfer) {
    buffer_clear(&transfer->headers);
    buffer_clear(&transfer->body);
    transfer->body_total = 0;
    transfer->upload_offset = 0;
    transfer->error[0] = '\0';
}

int breach_transfer_set_upload(breach_transfer *transfer, const void *bytes, size_t length) {
    char *copy = malloc(length ? length : 1);
    if (copy == NULL) return -1;
    if (length) memcpy(copy, bytes, length);
    free(transfer->upload);
    transfer->upload = copy;
    transfer->upload_length = length;
    transfer->upload_offset = 0;
    return 0;
}

CURLcode breach_transfer_attach(breach_transfer *transfer, CURL *handle, int upload, size_t body_limit) {
    CURLcode code;
    transfer->body_limit = body_limit;
    transfer->error[0] = '\0';
    if ((code = CURL_CALL(curl_easy_setopt)(handle, CURLOPT_ERRORBUFFER, transfer->error)) != CURLE_OK) return code;
    if ((code = CURL_CALL(curl_easy_setopt)(handle, CURLOPT_HEADERFUNCTION, on_header)) != CURLE_OK) return code;
    if ((code = CURL_CALL(curl_easy_setopt)(handle, CURLOPT_HEADERDATA, transfer)) != CURLE_OK) return code;
    if ((code = CURL_CALL(curl_easy_setopt)(handle, CURLOPT_WRITEFUNCTION, on_write)) != CURLE_OK) return code;
    if ((code = CURL_CALL(curl_easy_setopt)(handle, CURLOPT_WRITEDATA, transfer)) != CURLE_OK) return code;
    if (upload) {
        if ((code = CURL_CALL(curl_easy_setopt)(handle, CURLOPT_READFUNCTION, on_read)) != CURLE_OK) return code;
        if ((code = CURL_CALL(curl_easy_setopt)(handle, CURLOPT_READDATA, transfer)) != CURLE_OK) return code;
    }
    return CURLE_OK;
}

const char *breach_transfer_headers(const breach_transfer *transfer, size_t *length) {
    *length = transfer->headers.length;
    return transfer->headers.bytes ? transfer->headers.bytes : "";
}

const char *breach_transfer_body(const breach_transfer *transfer, size_t *length) {
    *length = transfer->body.length;
    return transfer->body.bytes ? transfer->body.bytes : "";
}

size_t breach_transfer_body_total(const breach_transfer *transfer) {
    return transfer->body_total;
}

const char *breach_transfer_error(const breach_transfer *transfer) {
    return transfer->error;
}

size_t breach_transfer_uploaded(const breach_transfer *transfer) {
    return transfer->upload_offset;
}
