/**
 * jcstress tests of the futex primitives and the message channel (not deployed; ARCHITECTURE.md §5): each class
 * holds the tests of one primitive — mutual exclusion with visibility and no lost wake-up ({@code MutexStress}),
 * no lost signal ({@code ConditionStress}), publication through a gate or latch, the semaphore and a bare futex
 * protocol, and a {@code MessageChannel} message seen whole and in order. Their native words come from
 * {@code Slots}; {@link io.lwp4j.stress.StressRun} runs jcstress and fails the build on any
 * forbidden outcome (jcstress itself exits 0).
 */
package io.lwp4j.stress;
