package dev.parley.server.cluster;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}); sent whole only when Redis does not know it yet
 * (after a restart, say). A script runs atomically: what it reads and writes is one step for every
 * node.
 */
final class LuaScript {

    private final String source;
    private final String sha;

    LuaScript(String source) {
        this.source = source;
        try {
            this.sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    <T> CompletionStage<T> run(
            RedisAsyncCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        CompletableFuture<T> bySha;
        try {
            bySha = redis.<T>evalsha(sha, type, keys, args).toCompletableFuture();
        } catch (RuntimeException refused) { // disconnected, or the request queue is full
            return CompletableFuture.failedFuture(refused);
        }
        return bySha.exceptionallyCompose(error -> {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof RedisNoScriptException) {
                return redis.<T>eval(source, type, keys, args).toCompletableFuture();
            }
            return CompletableFuture.failedFuture(cause);
        });
    }
}
