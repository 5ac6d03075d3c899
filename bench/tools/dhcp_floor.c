// dhcp_floor: the least work a DHCP server can do for perfdhcp, to measure
// what one DORA costs this machine's kernel and scheduler before any server
// logic runs. It is not a DHCP server: it looks nothing up, keeps no leases
// and checks nothing beyond what it needs to build an answer. A DISCOVER gets
// an OFFER and a REQUEST an ACK, for an address made from the client's MAC.
//
// Its socket and I/O are smeed's: 0.0.0.0:67 bound to one interface
// (SO_BINDTODEVICE), IP_PKTINFO on every datagram, a blocking recvmmsg() of
// up to 16 datagrams (MSG_WAITFORONE) and the replies of one batch in one
// sendmmsg() from the address the request came to. So the CPU it uses per
// DORA is the floor under smeed's own figure in the same run.
//
//   dhcp_floor INTERFACE SERVER_IP [BATCH]
//
// Replies go to giaddr:67 when the request was relayed (perfdhcp -l), else to
// the sender. Runs until SIGTERM or SIGINT.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { MAX_BATCH = 64, BUF = 1536, FIXED = 236, COOKIE = 0x63825363 };

static volatile sig_atomic_t stopping;
static void onSignal(int sig) {
  (void)sig;
  stopping = 1;
}

// The DHCP message type (option 53) of a request, 0 when it has none.
static int messageType(const uint8_t* p, size_t n) {
  if (n < FIXED + 4) return 0;
  uint32_t cookie;
  memcpy(&cookie, p + FIXED, 4);
  if (ntohl(cookie) != COOKIE) return 0;
  for (size_t i = FIXED + 4; i < n;) {
    uint8_t code = p[i];
    if (code == 255) break;
    if (code == 0) {
      ++i;
      continue;
    }
    if (i + 1 >= n || i + 2 + p[i + 1] > n) break;
    if (code == 53 && p[i + 1] == 1) return p[i + 2];
    i += 2 + p[i + 1];
  }
  return 0;
}

static size_t option(uint8_t* out, uint8_t code, const void* value, uint8_t len) {
  out[0] = code;
  out[1] = len;
  memcpy(out + 2, value, len);
  return 2u + len;
}

// Writes the reply to request `in` into `out`; returns its length, 0 for none.
static size_t answer(const uint8_t* in, size_t n, uint32_t server, uint8_t* out) {
  int type = messageType(in, n);
  if (in[0] != 1 || (type != 1 && type != 3)) return 0;
  memset(out, 0, FIXED);
  memcpy(out, in, 4);            // op, htype, hlen, hops
  out[0] = 2;                    // BOOTREPLY
  memcpy(out + 4, in + 4, 4);    // xid
  memcpy(out + 10, in + 10, 2);  // flags
  memcpy(out + 24, in + 24, 4);  // giaddr
  memcpy(out + 28, in + 28, 16);
  // yiaddr 10.<mac[3]>.<mac[4]>.<mac[5]>: distinct per client, never checked.
  out[16] = 10;
  memcpy(out + 17, in + 28 + 3, 3);
  memcpy(out + 20, &server, 4);  // siaddr
  uint32_t cookie = htonl(COOKIE), lease = htonl(43200), mask = htonl(0xff000000u);
  size_t len = FIXED;
  memcpy(out + len, &cookie, 4);
  len += 4;
  uint8_t reply = type == 1 ? 2 : 5;  // OFFER or ACK
  len += option(out + len, 53, &reply, 1);
  len += option(out + len, 54, &server, 4);
  len += option(out + len, 51, &lease, 4);
  len += option(out + len, 1, &mask, 4);
  out[len++] = 255;
  return len;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s INTERFACE SERVER_IP [BATCH]\n", argv[0]);
    return 2;
  }
  struct in_addr serverIp;
  if (inet_pton(AF_INET, argv[2], &serverIp) != 1) {
    fprintf(stderr, "dhcp_floor: bad server address %s\n", argv[2]);
    return 2;
  }
  int batch = argc > 3 ? atoi(argv[3]) : 16;
  if (batch < 1 || batch > MAX_BATCH) {
    fprintf(stderr, "dhcp_floor: batch must be 1..%d\n", MAX_BATCH);
    return 2;
  }
  int fd = socket(AF_INET, SOCK_DGRAM, 0), one = 1;
  struct sockaddr_in bindAddr = {.sin_family = AF_INET, .sin_port = htons(67)};
  if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
      setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one) ||
      setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof one) ||
      setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, argv[1], (socklen_t)strlen(argv[1])) ||
      bind(fd, (struct sockaddr*)&bindAddr, sizeof bindAddr)) {
    perror("dhcp_floor: socket");
    return 1;
  }
  struct sigaction sa = {.sa_handler = onSignal};  // no SA_RESTART: recvmmsg returns EINTR
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);

  static uint8_t inBuf[MAX_BATCH][BUF], outBuf[MAX_BATCH][BUF];
  static uint8_t inCtl[MAX_BATCH][64], outCtl[MAX_BATCH][CMSG_SPACE(sizeof(struct in_pktinfo))];
  static struct sockaddr_in from[MAX_BATCH], to[MAX_BATCH];
  static struct iovec inIov[MAX_BATCH], outIov[MAX_BATCH];
  static struct mmsghdr in[MAX_BATCH], out[MAX_BATCH];
  for (int i = 0; i < batch; ++i) {
    inIov[i] = (struct iovec){inBuf[i], BUF};
    outIov[i].iov_base = outBuf[i];
  }
  unsigned long long received = 0, answered = 0;
  while (!stopping) {
    for (int i = 0; i < batch; ++i) {
      in[i].msg_hdr = (struct msghdr){.msg_name = &from[i],
                                      .msg_namelen = sizeof from[i],
                                      .msg_iov = &inIov[i],
                                      .msg_iovlen = 1,
                                      .msg_control = inCtl[i],
                                      .msg_controllen = sizeof inCtl[i]};
    }
    int got = recvmmsg(fd, in, (unsigned)batch, MSG_WAITFORONE, NULL);
    if (got < 0) {
      if (errno == EINTR) continue;
      perror("dhcp_floor: recvmmsg");
      return 1;
    }
    received += (unsigned)got;
    int count = 0;
    for (int i = 0; i < got; ++i) {
      size_t len = answer(inBuf[i], in[i].msg_len, serverIp.s_addr, outBuf[count]);
      if (len == 0) continue;
      struct in_pktinfo arrival = {0};
      for (struct cmsghdr* c = CMSG_FIRSTHDR(&in[i].msg_hdr); c;
           c = CMSG_NXTHDR(&in[i].msg_hdr, c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO)
          memcpy(&arrival, CMSG_DATA(c), sizeof arrival);
      }
      uint32_t giaddr;
      memcpy(&giaddr, inBuf[i] + 24, 4);
      to[count] = giaddr ? (struct sockaddr_in){.sin_family = AF_INET,
                                                .sin_port = htons(67),
                                                .sin_addr.s_addr = giaddr}
                         : from[i];
      struct in_pktinfo source = {.ipi_ifindex = arrival.ipi_ifindex, .ipi_spec_dst = serverIp};
      struct cmsghdr* c = (struct cmsghdr*)outCtl[count];
      c->cmsg_level = IPPROTO_IP;
      c->cmsg_type = IP_PKTINFO;
      c->cmsg_len = CMSG_LEN(sizeof source);
      memcpy(CMSG_DATA(c), &source, sizeof source);
      outIov[count].iov_len = len;
      out[count].msg_hdr = (struct msghdr){.msg_name = &to[count],
                                           .msg_namelen = sizeof to[count],
                                           .msg_iov = &outIov[count],
                                           .msg_iovlen = 1,
                                           .msg_control = outCtl[count],
                                           .msg_controllen = sizeof outCtl[count]};
      ++count;
    }
    for (int next = 0; next < count;) {
      int sent = sendmmsg(fd, out + next, (unsigned)(count - next), MSG_DONTWAIT);
      if (sent <= 0) {
        if (sent < 0 && errno == EINTR) continue;
        ++next;  // drop the reply that failed, like a full queue would
        continue;
      }
      answered += (unsigned)sent;
      next += sent;
    }
  }
  fprintf(stderr, "dhcp_floor: %llu datagrams received, %llu replies sent\n", received, answered);
  return 0;
}
