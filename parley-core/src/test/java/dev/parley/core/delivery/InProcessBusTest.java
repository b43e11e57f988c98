package dev.parley.core.delivery;

/** The single-node bus keeps the one-node contract. */
class InProcessBusTest extends BusContract {

    @Override
    protected Bus open() {
        return new InProcessBus();
    }
}
