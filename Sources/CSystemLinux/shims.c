#define _GNU_SOURCE
#include <sys/socket.h>
#include "CSystemLinux.h"

int tessera_accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags) {
    return accept4(sockfd, addr, addrlen, flags);
}

#include <malloc.h>

int tessera_malloc_trim(void) {
    return malloc_trim(0);
}
