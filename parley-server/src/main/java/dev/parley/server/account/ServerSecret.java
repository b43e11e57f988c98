package dev.parley.server.account;

/**
 * The server's secret (parley.auth.jwt-secret, or the generated one in the data directory): it
 * signs access tokens and derives rotated refresh tokens, so every node of a cluster needs the same.
 */
public record ServerSecret(byte[] key) {

    public ServerSecret {
        key = key.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }
}
