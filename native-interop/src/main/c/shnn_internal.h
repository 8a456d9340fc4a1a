/*
 * Declarations shared by the C files of libshnn.so (not installed for hosts).
 */
#ifndef SHNN_INTERNAL_H
#define SHNN_INTERNAL_H

/* Sets the calling thread's last error to "<status name>: <message>" and returns status (shnn.c). */
__attribute__((format(printf, 2, 3)))
int shnn_c_error(int status, const char *fmt, ...);

#endif
