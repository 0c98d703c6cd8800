package io.lwp4j.futex;

import io.lwp4j.memory.SharedMemory;

/**
 * The other process of {@link FutexConditionTest}: opens the buffer by name and plays {@code produce} or
 * {@code consume} for {@code n} values. Exit 0 = every value went through, in order.
 */
public final class FutexConditionChild {

    private FutexConditionChild() {}

    public static void main(String[] args) throws InterruptedException {
        int n = Integer.parseInt(args[2]);
        try (SharedMemory shm = SharedMemory.open(args[0])) {
            BoundedBuffer b = new BoundedBuffer(shm);
            if (args[1].equals("produce")) {
                BoundedBuffer.produce(b, n);
            } else {
                System.out.println(BoundedBuffer.consume(b, n));
            }
        }
    }
}
