/**
 * NumPy interop: {@code .npy} arrays and uncompressed {@code .npz} archives read by mapping (zero-copy when
 * dtype and alignment allow) and written atomically, following the NumPy format specification
 * ({@code numpy/lib/format.py}, "NEP 1 — A simple file format for NumPy arrays"), plus connectivity import and
 * spike export built on them.
 */
package org.shnn.codec.npy;
