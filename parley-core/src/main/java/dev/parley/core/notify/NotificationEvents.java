package dev.parley.core.notify;

/** Where new notifications are announced live (the server sends them over the user's sockets). */
public interface NotificationEvents {

    void notified(Notification notification, int unread);

    NotificationEvents NONE = (notification, unread) -> {};
}
