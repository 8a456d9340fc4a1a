/**
 * Pages of virtual memory from the operating system and advice about their use:
 * {@link org.shnn.memory.pages.Pages} maps anonymous memory (zeroed by the kernel on first touch, optionally in
 * transparent huge pages) and passes {@code madvise} advice for mapped ranges.
 */
package org.shnn.memory.pages;
