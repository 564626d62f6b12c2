/*
 * libpq, loaded on first use instead of at every start (see CPostgresShim.h). The functions carry a
 * `breach_` prefix: defining libpq's own names in the executable could capture libpq's internal calls
 * to its exported functions once it is loaded.
 */
#include "CPostgresShim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void *library;
static char failure[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void open_library(void) {
#ifdef __APPLE__
    static const char *const names[] = {"libpq.5.dylib", "libpq.dylib", NULL};
#else
    static const char *const names[] = {"libpq.so.5", "libpq.so", NULL};
#endif
    for (int i = 0; names[i] != NULL; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (library != NULL) return;
        const char *reason = dlerror();
        if (i == 0 && reason != NULL) snprintf(failure, sizeof failure, "%s", reason);
    }
    if (failure[0] == '\0') snprintf(failure, sizeof failure, "not found");
}

const char *breach_pq_load(void) {
    pthread_once(&once, open_library);
    return library != NULL ? NULL : failure;
}

static void *symbol(const char *name) {
    const char *error = breach_pq_load();
    void *address = error == NULL ? dlsym(library, name) : NULL;
    if (address == NULL) {
        /* Unreachable in practice: PGConnection calls breach_pq_load() first and reports its error. */
        fprintf(stderr, "breach: libpq cannot be used (%s: %s); install libpq 12 or later\n", name,
                error != NULL ? error : "symbol missing");
        exit(69);
    }
    return address;
}

/* PQ_CALL(PQexec)(...): libpq's function through a pointer looked up once, typed from libpq-fe.h. */
#define PQ_CALL(name) \
    (__extension__({ \
        static __typeof__(&name) cached; \
        __typeof__(&name) pointer = __atomic_load_n(&cached, __ATOMIC_ACQUIRE); \
        if (pointer == NULL) { \
            pointer = (__typeof__(&name))symbol(#name); \
            __atomic_store_n(&cached, pointer, __ATOMIC_RELEASE); \
        } \
        pointer; \
    }))

PGconn *breach_PQconnectdb(const char *conninfo) { return PQ_CALL(PQconnectdb)(conninfo); }
void breach_PQfinish(PGconn *conn) { PQ_CALL(PQfinish)(conn); }
ConnStatusType breach_PQstatus(const PGconn *conn) { return PQ_CALL(PQstatus)(conn); }
char *breach_PQerrorMessage(const PGconn *conn) { return PQ_CALL(PQerrorMessage)(conn); }
char *breach_PQhost(const PGconn *conn) { return PQ_CALL(PQhost)(conn); }
char *breach_PQport(const PGconn *conn) { return PQ_CALL(PQport)(conn); }
int breach_PQsslInUse(PGconn *conn) { return PQ_CALL(PQsslInUse)(conn); }
PQnoticeProcessor breach_PQsetNoticeProcessor(PGconn *conn, PQnoticeProcessor processor, void *argument) {
    return PQ_CALL(PQsetNoticeProcessor)(conn, processor, argument);
}
PGresult *breach_PQexec(PGconn *conn, const char *query) { return PQ_CALL(PQexec)(conn, query); }
int breach_PQsendQuery(PGconn *conn, const char *query) { return PQ_CALL(PQsendQuery)(conn, query); }
PGresult *breach_PQgetResult(PGconn *conn) { return PQ_CALL(PQgetResult)(conn); }
PGresult *breach_PQexecParams(PGconn *conn, const char *command, int count, const Oid *types,
                              const char *const *values, const int *lengths, const int *formats, int resultFormat) {
    return PQ_CALL(PQexecParams)(conn, command, count, types, values, lengths, formats, resultFormat);
}
PGresult *breach_PQprepare(PGconn *conn, const char *name, const char *query, int count, const Oid *types) {
    return PQ_CALL(PQprepare)(conn, name, query, count, types);
}
PGresult *breach_PQexecPrepared(PGconn *conn, const char *name, int count, const char *const *values,
                                const int *lengths, const int *formats, int resultFormat) {
    return PQ_CALL(PQexecPrepared)(conn, name, count, values, lengths, formats, resultFormat);
}
ExecStatusType breach_PQresultStatus(const PGresult *result) { return PQ_CALL(PQresultStatus)(result); }
char *breach_PQresultErrorMessage(const PGresult *result) { return PQ_CALL(PQresultErrorMessage)(result); }
char *breach_PQresultErrorField(const PGresult *result, int field) { return PQ_CALL(PQresultErrorField)(result, field); }
void breach_PQclear(PGresult *result) { PQ_CALL(PQclear)(result); }
int breach_PQntuples(const PGresult *result) { return PQ_CALL(PQntuples)(result); }
int breach_PQnfields(const PGresult *result) { return PQ_CALL(PQnfields)(result); }
char *breach_PQgetvalue(const PGresult *result, int row, int column) { return PQ_CALL(PQgetvalue)(result, row, column); }
int breach_PQgetlength(const PGresult *result, int row, int column) { return PQ_CALL(PQgetlength)(result, row, column); }
int breach_PQgetisnull(const PGresult *result, int row, int column) { return PQ_CALL(PQgetisnull)(result, row, column); }
