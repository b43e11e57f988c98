package dev.parley.core.presence;

class InMemoryPresenceTrackerTest extends PresenceTrackerContract {

    @Override
    protected PresenceTracker open() {
        return new InMemoryPresenceTracker();
    }
}
