package dev.parley.server.store;

/**
 * Runs tasks on one of a fixed number of lanes chosen by key: tasks of one lane run one at a time,
 * in the order given, so tasks of one key keep their order while different lanes run in parallel.
 * Where the group-commit writers answer queued writes (by order key: the chat).
 */
public interface KeyedExecutor {

    int lanes();

    /** The lane of a key: always the same one. */
    int laneOf(long key);

    /** Runs the task on the lane; may wait for room when the lane is full (pushing back on the caller). */
    void execute(int lane, Runnable task);

    /** Runs every task on the caller's thread, at once: for tests and tools without fan-out. */
    KeyedExecutor DIRECT = new KeyedExecutor() {
        @Override
        public int lanes() {
            return 1;
        }

        @Override
        public int laneOf(long key) {
            return 0;
        }

        @Override
        public void execute(int lane, Runnable task) {
            task.run();
        }
    };
}
