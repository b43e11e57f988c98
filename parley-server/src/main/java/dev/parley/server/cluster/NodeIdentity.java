package dev.parley.server.cluster;

import dev.parley.server.config.ParleyProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * This node's name in logs, metrics (the {@code node} tag) and presence: {@code parley.node-id},
 * or the host name with a random suffix (a restarted node is a new node).
 */
@Component
public final class NodeIdentity {

    private static final Logger log = LoggerFactory.getLogger(NodeIdentity.class);

    private final String id;

    public NodeIdentity(ParleyProperties properties) {
        this.id = properties.nodeId() != null ? properties.nodeId() : generated();
        log.info(
                "Parley node {} ({})",
                id,
                properties.redis().enabled()
                        ? "cluster mode, Redis " + redacted(properties.redis().url())
                        : "single node");
    }

    public String id() {
        return id;
    }

    private static String generated() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "");
        } catch (UnknownHostException e) {
            host = "node";
        }
        if (host.isEmpty() || host.length() > 40) {
            host = host.isEmpty() ? "node" : host.substring(0, 40);
        }
        byte[] suffix = new byte[3];
        ThreadLocalRandom.current().nextBytes(suffix);
        return host + "-" + HexFormat.of().formatHex(suffix);
    }

    /** The URL without a password. */
    private static String redacted(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }
}
