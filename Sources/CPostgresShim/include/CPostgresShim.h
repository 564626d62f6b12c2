#ifndef BREACH_CPOSTGRESSHIM_H
#define BREACH_CPOSTGRESSHIM_H
/*
 * libpq, opened on first use (pq_loader.c) instead of by the dynamic loader at every start: a
 * command on a SQLite file never maps libpq or its dependencies (TLS, Kerberos, LDAP).
 */
#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include <postgresql/libpq-fe.h>
#endif

/* Loads libpq once. Returns NULL when it is loaded, or the loader's message when it cannot be. */
const char *breach_pq_load(void);

/* libpq's functions of the same names without the prefix, called through the loaded library. */
PGconn *breach_PQconnectdb(const char *conninfo);
void breach_PQfinish(PGconn *conn);
ConnStatusType breach_PQstatus(const PGconn *conn);
char *breach_PQerrorMessage(const PGconn *conn);
char *breach_PQhost(const PGconn *conn);
char *breach_PQport(const PGconn *conn);
int breach_PQsslInUse(PGconn *conn);
PQnoticeProcessor breach_PQsetNoticeProcessor(PGconn *conn, PQnoticeProcessor processor, void *argument);
PGresult *breach_PQexec(PGconn *conn, const char *query);
int breach_PQsendQuery(PGconn *conn, const char *query);
PGresult *breach_PQgetResult(PGconn *conn);
PGresult *breach_PQexecParams(PGconn *conn, const char *command, int count, const Oid *types,
                              const char *const *values, const int *lengths, const int *formats, int resultFormat);
PGresult *breach_PQprepare(PGconn *conn, const char *name, const char *query, int count, const Oid *types);
PGresult *breach_PQexecPrepared(PGconn *conn, const char *name, int count, const char *const *values,
                                const int *lengths, const int *formats, int resultFormat);
ExecStatusType breach_PQresultStatus(const PGresult *result);
char *breach_PQresultErrorMessage(const PGresult *result);
char *breach_PQresultErrorField(const PGresult *result, int field);
void breach_PQclear(PGresult *result);
int breach_PQntuples(const PGresult *result);
int breach_PQnfields(const PGresult *result);
char *breach_PQgetvalue(const PGresult *result, int row, int column);
int breach_PQgetlength(const PGresult *result, int row, int column);
int breach_PQgetisnull(const PGresult *result, int row, int column);

#endif
