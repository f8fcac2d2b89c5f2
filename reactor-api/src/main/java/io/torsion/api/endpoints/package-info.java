/**
 * Endpoint strings: {@code tcp:1200:interface=127.0.0.1}, {@code tcp:host=example.org:port=1201},
 * parsed by {@link io.torsion.api.endpoints.Endpoints} into endpoints that listen or connect on a
 * reactor. The grammar is {@link io.torsion.api.endpoints.EndpointDescription}'s; each scheme is one
 * {@link io.torsion.api.endpoints.EndpointScheme} registered in {@code Endpoints}.
 */
package io.torsion.api.endpoints;
