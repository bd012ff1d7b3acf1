/*
 * An independent ROS-2-style DDS peer for the interop tests: plain Cyclone DDS with idlc-generated types from
 * ros_types.idl, no SparshRobot code. It publishes or takes geometry_msgs/PoseStamped and sensor_msgs/Image on
 * rt/<topic> and prints what it took field by field. The domain configuration comes from CYCLONEDDS_URI.
 *
 *   dds_peer pub-pose  <domain> <topic> <frame> <sec> <nsec> <px> <py> <pz> <qx> <qy> <qz> <qw> <count>
 *   dds_peer pub-image <domain> <topic> <frame> <sec> <nsec> <height> <width> <seed> <count>
 *   dds_peer echo-pose  <domain> <topic> <count> <timeout_s>
 *   dds_peer echo-image <domain> <topic> <count> <timeout_s>
 *   dds_peer echo-graph <domain> <nodes> <timeout_s>
 *
 * Publishers wait for a matched reader, send <count> samples 20 ms apart, then wait until they are acknowledged.
 * Image pixels are (i * 7 + seed) mod 256, as TestImage.Gradient makes them.
 * echo-graph reads ros_discovery_info as rmw does (reliable, transient local, keep all) until an announcement with
 * <nodes> nodes arrives, and prints it: the participant gid, then one line per node with its reader and writer gids.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dds/dds.h"
#include "ros_types.h"

static dds_entity_t make_topic(dds_entity_t pp, const dds_topic_descriptor_t *desc, const char *topic)
{
  char name[512];
  snprintf(name, sizeof(name), "rt%s", topic);
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
  dds_entity_t tp = make_topic(pp, desc, topic);
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

/* One valid sample taken before the deadline (NULL once it passes); hand it back with dds_return_loan. */
static void *take_one(dds_entity_t rd, dds_time_t deadline)
{
  while (dds_time() < deadline)
  {
    void *samples[1] = {NULL};
    dds_sample_info_t info;
    dds_return_t n = dds_take(rd, samples, &info, 1, 1);
    if (n > 0 && info.valid_data)
      return samples[0];
    if (n > 0)
      dds_return_loan(rd, samples, n);
    dds_sleepfor(DDS_MSECS(5));
  }
  return NULL;
}

static void echo(dds_entity_t pp, const dds_topic_descriptor_t *desc, const char *topic, int count, int timeout_s, int is_image)
{
  dds_entity_t tp = make_topic(pp, desc, topic);
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
  while (got < count && (sample = take_one(rd, deadline)) != NULL)
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
  while ((sample = take_one(rd, deadline)) != NULL)
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
  else
  {
    fprintf(stderr, "bad arguments for %s\n", mode);
    return 1;
  }
  dds_delete(pp);
  return 0;
}
