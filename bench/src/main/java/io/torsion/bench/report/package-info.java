/**
 * Turns the raw figures of one bench/run invocation into RESULTS.md and its SVG chart: medians and
 * ranges over the rounds, ratios to Netty epoll, and the targets met or missed.
 */
package io.torsion.bench.report;
