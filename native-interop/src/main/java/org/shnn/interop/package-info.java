/**
 * The bridge to native hosts: the C API ({@code shnn.h}, {@code libshnn.so}) served through
 * Panama upcall stubs, the Python bindings and MPI through downcalls.
 */
package org.shnn.interop;
