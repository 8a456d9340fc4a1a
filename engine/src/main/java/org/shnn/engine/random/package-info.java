/**
 * Counter-based random numbers ({@link org.shnn.engine.random.Philox4x32},
 * {@link org.shnn.engine.random.CounterRng}): every draw is a pure function of (seed, purpose, coordinates),
 * so results do not depend on thread count or scheduling.
 */
package org.shnn.engine.random;
