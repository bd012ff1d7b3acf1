/*
 * An independent ROS-2-style DDS peer for the interop tests: plain Cyclone DDS with idlc-generated types from
 * ros_types.idl, no SparshRobot code. It publishes or takes geometry_msgs/PoseStamped and sensor_msgs/Image on
 * rt/<topic> and prints what it took field by field, and serves or calls example_interfaces/srv/AddTwoInts as
 * rmw_cyclonedds does. The domain configuration comes from CYCLONEDDS_URI.
 *
 *   dds_peer pub-pose  <domain> <topic> <frame> <sec> <nsec> <px> <py> <pz> <qx> <qy> <qz> <qw> <count>
 *   dds_peer pub-image <domain> <topic> <frame> <sec> <nsec> <height> <width> <seed> <count>
 *   dds_peer echo-pose  <domain> <topic> <count> <timeout_s>
 *   dds_peer echo-image <domain> <topic> <count> <timeout_s>
 *   dds_peer echo-graph <domain> <nodes> <timeout_s>
 *   dds_peer serve-add <domain> <service> <count> <timeout_s>
 *   dds_peer call-add  <domain> <service> <a> <b> <calls> <timeout_s>
 *   dds_peer call-list-params <domain> <node> <depth> <timeout_s>
 *
 * Publishers wait for a matched reader, send <count> samples 20 ms apart, then wait until they are acknowledged.
 * Image pixels are (i * 7 + seed) mod 256, as TestImage.Gradient makes them.
 * echo-graph reads ros_discovery_info as rmw does (reliable, transient local, keep all) until an announcement with
 * <nodes> nodes arrives, and prints it: the participant gid, then one line per node with its reader and writer gids.
 * serve-add answers <count> requests on rq<service>Request with sum = a + b on rr<service>Reply, printing
 * `request guid=<hex> seq=<n> a=<a> b=<b>` for each (and `unsent seq=<n>` when the client's reply reader never matched).
 * call-add waits until the service is available, sends <calls> requests (a, b + i), and prints `reply seq=<n> sum=<s>`
 * for each reply addressed to it. Both exit 4 when <timeout_s> passes first.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dds/dds.h"
#include "ros_types.h"

/* The DDS topic rmw names: prefix + ROS name + suffix (rt/x, rq/xRequest, rr/xReply). */
static dds_entity_t make_topic(dds_entity_t pp, const dds_topic_descriptor_t *desc, const char *prefix, const char *topic,
                               const char *suffix)
{
  char name[512];
  snprintf(name, sizeof(name), "%s%s%s", prefix, topic, suffix);
  dds_entity_t tp = dds_create_topic(pp, desc, name, NULL, NULL);
  if (tp < 0)
  {
    fprintf(stderr, "dds_create_topic: %s\n", dds_strretcode(tp));
    exit(2);
  }
  return tp;
}

static dds_qos_t *ros_default_qos(void)
{
  dds_qos_t *q = dds_create_qos();
  dds_qset_reliability(q, DDS_RELIABILITY_RELIABLE, DDS_INFINITY);
  dds_qset_history(q, DDS_HISTORY_KEEP_LAST, 10);
  return q;
}

static void wait_matched(dds_entity_t wr)
{
  dds_publication_matched_status_t st;
  for (int i = 0; i < 1000; i++)
  {
    dds_get_publication_matched_status(wr, &st);
    if (st.current_count > 0)
      return;
    dds_sleepfor(DDS_MSECS(10));
  }
  fprintf(stderr, "no reader matched\n");
  exit(3);
}

static void publish(dds_entity_t pp, const dds_topic_descriptor_t *desc, const char *topic, const void *sample, int count)
{
  dds_entity_t tp = make_topic(pp, desc, "rt", topic, "");
  dds_qos_t *q = ros_default_qos();
  dds_entity_t wr = dds_create_writer(pp, tp, q, NULL);
  dds_delete_qos(q);
  if (wr < 0)
  {
    fprintf(stderr, "dds_create_writer: %s\n", dds_strretcode(wr));
    exit(2);
  }
  wait_matched(wr);
  for (int i = 0; i < count; i++)
  {
    dds_return_t rc = dds_write(wr, sample);
    if (rc < 0)
    {
      fprintf(stderr, "dds_write: %s\n", dds_strretcode(rc));
      exit(2);
    }
    dds_sleepfor(DDS_MSECS(20));
  }
  dds_wait_for_acks(wr, DDS_SECS(5));
  printf("published %d\n", count);
}

/* One valid sample taken before the deadline (NULL once it passes), its info into *info when given; hand it back
 * with dds_return_loan. */
static void *take_one(dds_entity_t rd, dds_time_t deadline, dds_sample_info_t *info_out)
{
  while (dds_time() < deadline)
  {
    void *samples[1] = {NULL};
    dds_sample_info_t info;
    dds_return_t n = dds_take(rd, samples, &info, 1, 1);
    if (n > 0 && info.valid_data)
    {
      if (info_out != NULL)
        *info_out = info;
      return samples[0];
    }
    if (n > 0)
      dds_return_loan(rd, samples, n);
    dds_sleepfor(DDS_MSECS(5));
  }
  return NULL;
}

static void echo(dds_entity_t pp, const dds_topic_descriptor_t *desc, const char *topic, int count, int timeout_s, int is_image)
{
  dds_entity_t tp = make_topic(pp, desc, "rt", topic, "");
  dds_qos_t *q = ros_default_qos();
  dds_entity_t rd = dds_create_reader(pp, tp, q, NULL);
  dds_delete_qos(q);
  if (rd < 0)
  {
    fprintf(stderr, "dds_create_reader: %s\n", dds_strretcode(rd));
    exit(2);
  }
  printf("ready\n");
  fflush(stdout);
  dds_time_t deadline = dds_time() + DDS_SECS(timeout_s);
  int got = 0;
  void *sample;
  while (got < count && (sample = take_one(rd, deadline, NULL)) != NULL)
  {
    if (is_image)
    {
      const sensor_msgs_msg_dds__Image_ *m = sample;
      unsigned long sum = 0;
      for (uint32_t i = 0; i < m->data._length; i++)
        sum = sum * 31 + m->data._buffer[i];
      printf("image sec=%d nsec=%u frame=%s height=%u width=%u encoding=%s bigendian=%u step=%u len=%u hash=%lu\n",
             m->header.stamp.sec, m->header.stamp.nanosec, m->header.frame_id, m->height, m->width, m->encoding,
             m->is_bigendian, m->step, m->data._length, sum);
    }
    else
    {
      const geometry_msgs_msg_dds__PoseStamped_ *m = sample;
      printf("pose sec=%d nsec=%u frame=%s p=%.17g,%.17g,%.17g q=%.17g,%.17g,%.17g,%.17g\n", m->header.stamp.sec,
             m->header.stamp.nanosec, m->header.frame_id, m->pose.position.x, m->pose.position.y, m->pose.position.z,
             m->pose.orientation.x, m->pose.orientation.y, m->pose.orientation.z, m->pose.orientation.w);
    }
    fflush(stdout);
    dds_return_loan(rd, &sample, 1);
    got++;
  }
  exit(got == count ? 0 : 4);
}

static void print_gid(const rmw_dds_common_msg_dds__Gid_ *gid)
{
  for (int i = 0; i < 16; i++)
    printf("%02x", gid->data[i]);
}

static void print_gids(const char *label, const dds_sequence_rmw_dds_common_msg_dds__Gid_ *seq)
{
  printf(" %s=", label);
  for (uint32_t i = 0; i < seq->_length; i++)
  {
    if (i > 0)
      printf(",");
    print_gid(&seq->_buffer[i]);
  }
}

static void echo_graph(dds_entity_t pp, uint32_t nodes, int timeout_s)
{
  dds_entity_t tp = dds_create_topic(pp, &rmw_dds_common_msg_dds__ParticipantEntitiesInfo__desc, "ros_discovery_info", NULL, NULL);
  dds_qos_t *q = dds_create_qos();
  dds_qset_reliability(q, DDS_RELIABILITY_RELIABLE, DDS_INFINITY);
  dds_qset_durability(q, DDS_DURABILITY_TRANSIENT_LOCAL);
  dds_qset_history(q, DDS_HISTORY_KEEP_ALL, 0);
  dds_entity_t rd = dds_create_reader(pp, tp, q, NULL);
  dds_delete_qos(q);
  if (tp < 0 || rd < 0)
  {
    fprintf(stderr, "ros_discovery_info reader: %s\n", dds_strretcode(rd < 0 ? rd : tp));
    exit(2);
  }
  dds_time_t deadline = dds_time() + DDS_SECS(timeout_s);
  void *sample;
  while ((sample = take_one(rd, deadline, NULL)) != NULL)
  {
    const rmw_dds_common_msg_dds__ParticipantEntitiesInfo_ *m = sample;
    if (m->node_entities_info_seq._length == nodes)
    {
      printf("participant ");
      print_gid(&m->gid);
      printf("\n");
      for (uint32_t i = 0; i < nodes; i++)
      {
        const rmw_dds_common_msg_dds__NodeEntitiesInfo_ *node = &m->node_entities_info_seq._buffer[i];
        printf("node %s %s", node->node_namespace, node->node_name);
        print_gids("readers", &node->reader_gid_seq);
        print_gids("writers", &node->writer_gid_seq);
        printf("\n");
      }
      dds_return_loan(rd, &sample, 1);
      exit(0);
    }
    dds_return_loan(rd, &sample, 1);
  }
  exit(4);
}

/* Service endpoints get rmw's services QoS (reliable, volatile, keep-last 10) and USER_DATA naming the client or
 * service. Readers keep all: history is local and never affects matching, and a burst of requests (or, on the shared
 * reply topic, other clients' replies) must not overwrite one not yet taken. */
static dds_entity_t service_endpoint(dds_entity_t pp, dds_entity_t tp, const char *user_data, int is_writer)
{
  dds_qos_t *q = ros_default_qos();
  if (!is_writer)
    dds_qset_history(q, DDS_HISTORY_KEEP_ALL, 0);
  dds_qset_userdata(q, user_data, strlen(user_data));
  dds_entity_t e = is_writer ? dds_create_writer(pp, tp, q, NULL) : dds_create_reader(pp, tp, q, NULL);
  dds_delete_qos(q);
  if (e < 0)
  {
    fprintf(stderr, "service %s: %s\n", is_writer ? "writer" : "reader", dds_strretcode(e));
    exit(2);
  }
  return e;
}

/* "<key>=<csid>;" in rmw's csid form (csid_to_string): 12 bytes of the participant GUID and a big-endian counter;
 * byte 0 as hex padded to two with a space, the rest unpadded hex after dots. */
static void make_user_data(dds_entity_t pp, const char *key, char *out, size_t size)
{
  dds_guid_t guid;
  if (dds_get_guid(pp, &guid) < 0)
  {
    fprintf(stderr, "dds_get_guid failed\n");
    exit(2);
  }
  uint8_t id[16] = {0};
  memcpy(id, guid.v, 12);
  id[15] = 1; /* one client or service per process */
  int n = snprintf(out, size, "%s=%2x", key, id[0]);
  for (int i = 1; i < 16; i++)
    n += snprintf(out + n, size - (size_t)n, ".%x", id[i]);
  snprintf(out + n, size - (size_t)n, ";");
}

/* The value of <key> in USER_DATA text "k=v;k2=v2;", copied into out; 0 when the qos has none. */
static int user_data_value(const dds_qos_t *qos, const char *key, char *out, size_t size)
{
  void *ud = NULL;
  size_t sz = 0, klen = strlen(key);
  int found = 0;
  if (qos == NULL || !dds_qget_userdata(qos, &ud, &sz) || ud == NULL)
    return 0;
  for (const char *p = ud; *p != 0 && !found;)
  {
    const char *end = strchr(p, ';');
    if (end == NULL)
      end = p + strlen(p);
    if ((size_t)(end - p) > klen && strncmp(p, key, klen) == 0 && p[klen] == '=')
    {
      size_t vlen = (size_t)(end - p) - klen - 1;
      if (vlen >= size)
        vlen = size - 1;
      memcpy(out, p + klen + 1, vlen);
      out[vlen] = 0;
      found = 1;
    }
    p = *end != 0 ? end + 1 : end;
  }
  dds_free(ud);
  return found;
}

enum { max_matched = 16 };
typedef struct
{
  int matched;                    /* endpoints matched */
  int n;                          /* how many of them carry the key */
  char values[max_matched][64];
} matched_ids_t;

/* The <key> values in the USER_DATA of what a writer (its readers) or a reader (its writers) has matched. */
static void matched_ids(dds_entity_t e, int is_writer, const char *key, matched_ids_t *ids)
{
  dds_instance_handle_t handles[max_matched];
  dds_return_t n = is_writer ? dds_get_matched_subscriptions(e, handles, max_matched)
                             : dds_get_matched_publications(e, handles, max_matched);
  ids->matched = n < 0 ? 0 : n > max_matched ? max_matched : n;
  ids->n = 0;
  for (int i = 0; i < ids->matched; i++)
  {
    dds_builtintopic_endpoint_t *ep = is_writer ? dds_get_matched_subscription_data(e, handles[i])
                                                : dds_get_matched_publication_data(e, handles[i]);
    if (ep == NULL)
      continue; /* unmatched since the list was taken */
    if (user_data_value(ep->qos, key, ids->values[ids->n], sizeof(ids->values[0])))
      ids->n++;
    dds_builtintopic_free_endpoint(ep);
  }
}

static int has_id(const matched_ids_t *ids, const char *id)
{
  for (int i = 0; i < ids->n; i++)
    if (strcmp(ids->values[i], id) == 0)
      return 1;
  return 0;
}

/* rmw's check_for_response_reader: no reply to a requester that is gone; at once to one without a clientid; else
 * once our reply writer matches a reader with the requester's clientid, polled every 10 ms for up to 100 ms. */
static int client_reader_ready(dds_entity_t rd, dds_entity_t wr, dds_instance_handle_t requester)
{
  char client_id[64];
  dds_builtintopic_endpoint_t *ep = dds_get_matched_publication_data(rd, requester);
  if (ep == NULL)
    return 0;
  int has_client_id = user_data_value(ep->qos, "clientid", client_id, sizeof(client_id));
  dds_builtintopic_free_endpoint(ep);
  if (!has_client_id)
    return 1;
  for (int waited_ms = 0;; waited_ms += 10)
  {
    matched_ids_t readers;
    matched_ids(wr, 1, "clientid", &readers);
    if (has_id(&readers, client_id))
      return 1;
    if (waited_ms >= 100)
      return 0;
    dds_sleepfor(DDS_MSECS(10));
  }
}

static int serve_add(dds_entity_t pp, const char *service, int count, int timeout_s)
{
  char user_data[96];
  make_user_data(pp, "serviceid", user_data, sizeof(user_data));
  dds_entity_t rd = service_endpoint(pp, make_topic(pp, &example_interfaces_srv_dds__AddTwoInts_Request__desc, "rq", service, "Request"), user_data, 0);
  dds_entity_t wr = service_endpoint(pp, make_topic(pp, &example_interfaces_srv_dds__AddTwoInts_Response__desc, "rr", service, "Reply"), user_data, 1);
  printf("ready\n");
  fflush(stdout);
  dds_time_t deadline = dds_time() + DDS_SECS(timeout_s);
  int got = 0;
  void *sample;
  dds_sample_info_t info;
  while (got < count && (sample = take_one(rd, deadline, &info)) != NULL)
  {
    const example_interfaces_srv_dds__AddTwoInts_Request_ *m = sample;
    example_interfaces_srv_dds__AddTwoInts_Response_ reply = {.guid = m->guid, .seq = m->seq, .sum = m->a + m->b};
    printf("request guid=%016" PRIx64 " seq=%" PRId64 " a=%" PRId64 " b=%" PRId64 "\n", m->guid, m->seq, m->a, m->b);
    dds_return_loan(rd, &sample, 1);
    if (client_reader_ready(rd, wr, info.publication_handle))
    {
      dds_return_t rc = dds_write(wr, &reply);
      if (rc < 0)
      {
        fprintf(stderr, "dds_write: %s\n", dds_strretcode(rc));
        return 2;
      }
    }
    else
      printf("unsent seq=%" PRId64 "\n", reply.seq);
    fflush(stdout);
    got++;
  }
  dds_wait_for_acks(wr, DDS_SECS(5));
  return got == count ? 0 : 4;
}

/* rmw's check_for_service_reader_writer: our request writer and reply reader are matched, and when the readers of
 * our requests announce serviceids, a writer of our replies announces one of them. */
static int service_available(dds_entity_t wr, dds_entity_t rd)
{
  matched_ids_t servers, repliers;
  matched_ids(wr, 1, "serviceid", &servers);
  matched_ids(rd, 0, "serviceid", &repliers);
  if (servers.n == 0)
    return servers.matched > 0 && repliers.matched > 0;
  for (int i = 0; i < repliers.n; i++)
    if (has_id(&servers, repliers.values[i]))
      return 1;
  return 0;
}

/* A client as rmw makes one: clientid= on both endpoints, wait until available, guid = the request writer's
   instance handle. Returns 0, or 4 when the service did not become available in time. */
static int open_client(dds_entity_t pp, const dds_topic_descriptor_t *request, const dds_topic_descriptor_t *reply, const char *service,
                       dds_time_t deadline, dds_entity_t *wr, dds_entity_t *rd, dds_instance_handle_t *guid)
{
  char user_data[96];
  make_user_data(pp, "clientid", user_data, sizeof(user_data));
  *wr = service_endpoint(pp, make_topic(pp, request, "rq", service, "Request"), user_data, 1);
  *rd = service_endpoint(pp, make_topic(pp, reply, "rr", service, "Reply"), user_data, 0);
  while (!service_available(*wr, *rd))
  {
    if (dds_time() >= deadline)
    {
      fprintf(stderr, "service %s not available\n", service);
      return 4;
    }
    dds_sleepfor(DDS_MSECS(10));
  }
  *guid = 0;
  dds_get_instance_handle(*wr, guid);
  printf("available guid=%016" PRIx64 "\n", *guid);
  return 0;
}

static int call_add(dds_entity_t pp, const char *service, int64_t a, int64_t b, int calls, int timeout_s)
{
  dds_entity_t wr, rd;
  dds_instance_handle_t guid;
  dds_time_t deadline = dds_time() + DDS_SECS(timeout_s);
  int rc = open_client(pp, &example_interfaces_srv_dds__AddTwoInts_Request__desc, &example_interfaces_srv_dds__AddTwoInts_Response__desc,
                       service, deadline, &wr, &rd, &guid);
  if (rc != 0)
    return rc;
  /* rmw's request header: sequence numbers from 1. */
  for (int i = 0; i < calls; i++)
  {
    example_interfaces_srv_dds__AddTwoInts_Request_ request = {.guid = guid, .seq = i + 1, .a = a, .b = b + i};
    dds_return_t wrc = dds_write(wr, &request);
    if (wrc < 0)
    {
      fprintf(stderr, "dds_write: %s\n", dds_strretcode(wrc));
      return 2;
    }
  }
  int got = 0;
  void *sample;
  while (got < calls && (sample = take_one(rd, deadline, NULL)) != NULL)
  {
    const example_interfaces_srv_dds__AddTwoInts_Response_ *m = sample;
    if (m->guid == guid) /* every client of the service hears every reply */
    {
      printf("reply seq=%" PRId64 " sum=%" PRId64 "\n", m->seq, m->sum);
      got++;
    }
    dds_return_loan(rd, &sample, 1);
  }
  fflush(stdout);
  return got == calls ? 0 : 4;
}

/* Calls <node>/list_parameters (no prefixes, the given depth) as ros2 param list does and prints each name. */
static int call_list_params(dds_entity_t pp, const char *node, uint64_t depth, int timeout_s)
{
  char service[300];
  snprintf(service, sizeof(service), "%s/list_parameters", node);
  dds_entity_t wr, rd;
  dds_instance_handle_t guid;
  dds_time_t deadline = dds_time() + DDS_SECS(timeout_s);
  int rc = open_client(pp, &rcl_interfaces_srv_dds__ListParameters_Request__desc, &rcl_interfaces_srv_dds__ListParameters_Response__desc,
                       service, deadline, &wr, &rd, &guid);
  if (rc != 0)
    return rc;
  rcl_interfaces_srv_dds__ListParameters_Request_ request = {.guid = guid, .seq = 1, .depth = depth};
  dds_return_t wrc = dds_write(wr, &request);
  if (wrc < 0)
  {
    fprintf(stderr, "dds_write: %s\n", dds_strretcode(wrc));
    return 2;
  }
  void *sample;
  while ((sample = take_one(rd, deadline, NULL)) != NULL)
  {
    const rcl_interfaces_srv_dds__ListParameters_Response_ *m = sample;
    int mine = m->guid == guid;
    if (mine)
    {
      for (uint32_t i = 0; i < m->result.names._length; i++)
        printf("name %s\n", m->result.names._buffer[i]);
      for (uint32_t i = 0; i < m->result.prefixes._length; i++)
        printf("prefix %s\n", m->result.prefixes._buffer[i]);
    }
    dds_return_loan(rd, &sample, 1);
    if (mine)
    {
      fflush(stdout);
      return 0;
    }
  }
  return 4;
}

int main(int argc, char **argv)
{
  if (argc < 4)
  {
    fprintf(stderr, "usage: see dds_peer.c\n");
    return 1;
  }
  const char *mode = argv[1];
  dds_entity_t pp = dds_create_participant((dds_domainid_t)atoi(argv[2]), NULL, NULL);
  if (pp < 0)
  {
    fprintf(stderr, "dds_create_participant: %s\n", dds_strretcode(pp));
    return 2;
  }
  const char *topic = argv[3];
  int rc = 0;
  if (strcmp(mode, "pub-pose") == 0 && argc == 15)
  {
    geometry_msgs_msg_dds__PoseStamped_ m;
    m.header.frame_id = argv[4];
    m.header.stamp.sec = atoi(argv[5]);
    m.header.stamp.nanosec = (uint32_t)strtoul(argv[6], NULL, 10);
    m.pose.position.x = strtod(argv[7], NULL);
    m.pose.position.y = strtod(argv[8], NULL);
    m.pose.position.z = strtod(argv[9], NULL);
    m.pose.orientation.x = strtod(argv[10], NULL);
    m.pose.orientation.y = strtod(argv[11], NULL);
    m.pose.orientation.z = strtod(argv[12], NULL);
    m.pose.orientation.w = strtod(argv[13], NULL);
    publish(pp, &geometry_msgs_msg_dds__PoseStamped__desc, topic, &m, atoi(argv[14]));
  }
  else if (strcmp(mode, "pub-image") == 0 && argc == 11)
  {
    sensor_msgs_msg_dds__Image_ m;
    m.header.frame_id = argv[4];
    m.header.stamp.sec = atoi(argv[5]);
    m.header.stamp.nanosec = (uint32_t)strtoul(argv[6], NULL, 10);
    m.height = (uint32_t)atoi(argv[7]);
    m.width = (uint32_t)atoi(argv[8]);
    int seed = atoi(argv[9]);
    m.encoding = "rgb8";
    m.is_bigendian = 0;
    m.step = m.width * 3;
    uint32_t len = m.height * m.step;
    m.data._buffer = malloc(len);
    for (uint32_t i = 0; i < len; i++)
      m.data._buffer[i] = (uint8_t)(i * 7 + (uint32_t)seed);
    m.data._length = m.data._maximum = len;
    m.data._release = false;
    publish(pp, &sensor_msgs_msg_dds__Image__desc, topic, &m, atoi(argv[10]));
    free(m.data._buffer);
  }
  else if (strcmp(mode, "echo-pose") == 0 && argc == 6)
    echo(pp, &geometry_msgs_msg_dds__PoseStamped__desc, topic, atoi(argv[4]), atoi(argv[5]), 0);
  else if (strcmp(mode, "echo-image") == 0 && argc == 6)
    echo(pp, &sensor_msgs_msg_dds__Image__desc, topic, atoi(argv[4]), atoi(argv[5]), 1);
  else if (strcmp(mode, "echo-graph") == 0 && argc == 5)
    echo_graph(pp, (uint32_t)atoi(argv[3]), atoi(argv[4]));
  else if (strcmp(mode, "serve-add") == 0 && argc == 6)
    rc = serve_add(pp, topic, atoi(argv[4]), atoi(argv[5]));
  else if (strcmp(mode, "call-list-params") == 0 && argc == 6)
    rc = call_list_params(pp, topic, strtoull(argv[4], NULL, 10), atoi(argv[5]));
  else if (strcmp(mode, "call-add") == 0 && argc == 8)
    rc = call_add(pp, topic, strtoll(argv[4], NULL, 10), strtoll(argv[5], NULL, 10), atoi(argv[6]), atoi(argv[7]));
  else
  {
    fprintf(stderr, "bad arguments for %s\n", mode);
    return 1;
  }
  dds_delete(pp);
  return rc;
}
