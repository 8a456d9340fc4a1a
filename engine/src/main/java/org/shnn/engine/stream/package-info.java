/**
 * Live spike streams: external spikes streamed into a running simulation ({@link org.shnn.engine.stream.LiveInput})
 * and its spikes streamed out ({@link org.shnn.engine.stream.LiveOutput}) through a
 * {@link org.shnn.engine.stream.SpikeStream} (a record ring behind a header with the full-ring
 * {@link org.shnn.engine.stream.StreamPolicy policy}), in process or in a memory-mapped file another process
 * uses ({@link org.shnn.engine.stream.MappedSpikeStream}); delivered input recorded to a spike file and replayed
 * bit-identically ({@link org.shnn.engine.stream.SpikeReplay}).
 */
package org.shnn.engine.stream;
