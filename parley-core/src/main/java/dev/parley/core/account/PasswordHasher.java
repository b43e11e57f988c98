package dev.parley.core.account;

/** One-way password hashing with a maintained algorithm (bcrypt, argon2id). CPU-bound; thread-safe. */
public interface PasswordHasher {

    String hash(String password);

    boolean matches(String password, String hash);
}
