#ifndef TESSERA_CSYSTEMLINUX_H
#define TESSERA_CSYSTEMLINUX_H
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>

/// accept4(2) is a GNU extension Glibc's Swift module does not declare; defined in shims.c,
/// which is compiled with _GNU_SOURCE. Saves two fcntl calls per accepted connection.
int tessera_accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);

/// malloc_trim(3): gives freed heap pages back to the system (after a catalog load).
int tessera_malloc_trim(void);

/// The epoll_event union member Swift imports awkwardly (packed struct on x86_64): the token
/// is read and written through these so Swift never takes the address of a packed field.
static inline void tessera_epoll_event_set(struct epoll_event *event, uint32_t events, uint64_t token) {
    event->events = events;
    event->data.u64 = token;
}
static inline uint32_t tessera_epoll_event_events(const struct epoll_event *event) {
    return event->events;
}
static inline uint64_t tessera_epoll_event_token(const struct epoll_event *event) {
    return event->data.u64;
}
#endif
