/* Without pkg-config's -I: Debian and Ubuntu keep libpq's headers in /usr/include/postgresql. */
#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include <postgresql/libpq-fe.h>
#endif
