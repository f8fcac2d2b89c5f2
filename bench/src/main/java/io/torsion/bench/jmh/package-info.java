/**
 * JMH micro-benchmarks for the hot paths every connection goes through: line and netstring framing,
 * the timer heap and the write queue. bench/run runs them with the GC profiler so allocation per
 * operation is reported next to time.
 */
package io.torsion.bench.jmh;
