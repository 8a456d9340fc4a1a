/**
 * JMH micro benchmarks and macro runs that compare SHNN with the libraries it replaces.
 */
package org.shnn.bench;
