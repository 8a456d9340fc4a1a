/**
 * Live runs of a {@link org.shnn.engine.run.Simulation}: a run on its own thread that can be cancelled at a step
 * boundary ({@link org.shnn.engine.live.LiveRunner#runAsync}), progress listeners, tasks scheduled at simulation
 * steps on a hierarchical {@link org.shnn.engine.live.TimerWheel}, and pacing against the wall clock.
 */
package org.shnn.engine.live;
