/**
 * Pages of virtual memory from the operating system and advice about their use:
 * {@link org.shnn.memory.pages.Pages} maps anonymous memory (zeroed by the kernel on first touch, optionally in
 * transparent huge pages), passes {@code madvise} advice for mapped ranges and lowers the priority of a thread that
 * reads them ahead.
 */
package org.shnn.memory.pages;
