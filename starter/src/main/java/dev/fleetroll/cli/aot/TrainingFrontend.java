package dev.fleetroll.cli.aot;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionCompletedEventAttributes;
import io.temporal.api.taskqueue.v1.PollerInfo;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflow.v1.WorkflowExecutionConfig;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;

/**
 * A Temporal frontend on a loopback port that answers the calls of {@code rollout status}, {@code history}
 * and {@code list} with a recorded 20-host rollout, so that the build's training run goes through the CLI's
 * real client code (gRPC, Temporal's stubs, the data converter) with no Temporal server at hand. Two
 * rollouts: {@link #RUNNING} (hosts in flight, answered by query) and {@link #ENDED} (answered from its result).
 */
final class TrainingFrontend extends WorkflowServiceGrpc.WorkflowServiceImplBase implements AutoCloseable {

  static final String RUNNING = "rollout-training-20261207-0053";
  static final String ENDED = "rollout-training-20261206-0900";
  private static final String QUEUE = "fleetroll";

  private final Server server;
  private final ByteString progress = resource("progress.json");
  private final ByteString hostProgress = resource("host-progress.json");
  private final ByteString result = resource("result.json");

  TrainingFrontend() throws IOException {
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus(WorkflowServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
    server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .addService(this).addService(health.getHealthService()).build().start();
  }

  String address() {
    return "127.0.0.1:" + server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  @Override
  public void getSystemInfo(GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> response) {
    reply(response, GetSystemInfoResponse.newBuilder().setServerVersion("1.29.1")
        .setCapabilities(GetSystemInfoResponse.Capabilities.newBuilder().setSdkMetadata(true)
            .setUpsertMemo(true).setEagerWorkflowStart(true).setCountGroupByExecutionStatus(true))
        .build());
  }

  @Override
  public void describeWorkflowExecution(DescribeWorkflowExecutionRequest request,
      StreamObserver<DescribeWorkflowExecutionResponse> response) {
    String id = request.getExecution().getWorkflowId();
    boolean host = id.contains("/");
    if (!host && !id.equals(RUNNING) && !id.equals(ENDED)) {
      response.onError(Status.NOT_FOUND.withDescription("workflow not found for ID: " + id).asRuntimeException());
      return;
    }
    DescribeWorkflowExecutionResponse.Builder described = DescribeWorkflowExecutionResponse.newBuilder()
        .setExecutionConfig(WorkflowExecutionConfig.newBuilder().setTaskQueue(TaskQueue.newBuilder().setName(QUEUE)))
        .setWorkflowExecutionInfo(info(id, host ? "HostRolloutWorkflow" : "RolloutWorkflow",
            id.equals(ENDED) ? WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
                : WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING));
    if (host) {
      described.addPendingActivities(PendingActivityInfo.newBuilder().setActivityId("7")
          .setState(PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED).setAttempt(3)
          .setLastFailure(Failure.newBuilder().setMessage("0 of 1 task(s) completed since the release, 1 running")));
    }
    reply(response, described.build());
  }

  @Override
  public void describeTaskQueue(DescribeTaskQueueRequest request, StreamObserver<DescribeTaskQueueResponse> response) {
    reply(response, DescribeTaskQueueResponse.newBuilder().addPollers(PollerInfo.newBuilder()
        .setIdentity("4242@training").setLastAccessTime(now()).setRatePerSecond(100_000)).build());
  }

  @Override
  public void queryWorkflow(QueryWorkflowRequest request, StreamObserver<QueryWorkflowResponse> response) {
    boolean host = request.getExecution().getWorkflowId().contains("/");
    reply(response, QueryWorkflowResponse.newBuilder().setQueryResult(json(host ? hostProgress : progress)).build());
  }

  @Override
  public void getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest request,
      StreamObserver<GetWorkflowExecutionHistoryResponse> response) {
    HistoryEvent completed = HistoryEvent.newBuilder().setEventId(2841).setEventTime(now())
        .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)
        .setWorkflowExecutionCompletedEventAttributes(WorkflowExecutionCompletedEventAttributes.newBuilder()
            .setResult(json(result)).setWorkflowTaskCompletedEventId(2840))
        .build();
    reply(response, GetWorkflowExecutionHistoryResponse.newBuilder()
        .setHistory(History.newBuilder().addEvents(completed)).build());
  }

  @Override
  public void listWorkflowExecutions(ListWorkflowExecutionsRequest request,
      StreamObserver<ListWorkflowExecutionsResponse> response) {
    reply(response, ListWorkflowExecutionsResponse.newBuilder()
        .addExecutions(info(RUNNING, "RolloutWorkflow", WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING)
            .toBuilder().setSearchAttributes(attributes("running", "batch 1", 8)))
        .addExecutions(info(ENDED, "RolloutWorkflow", WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED)
            .toBuilder().setSearchAttributes(attributes("succeeded", "batch 1", 20)))
        .build());
  }

  private static WorkflowExecutionInfo info(String id, String type, WorkflowExecutionStatus status) {
    return WorkflowExecutionInfo.newBuilder()
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id).setRunId("01a24dfd-f00d-7a15-8f65-9809ea8c5b3d"))
        .setType(WorkflowType.newBuilder().setName(type)).setStatus(status).setStartTime(now())
        .setTaskQueue(QUEUE).setHistoryLength(2841).build();
  }

  private static SearchAttributes attributes(String state, String stage, long done) {
    SearchAttributes.Builder attributes = SearchAttributes.newBuilder();
    for (Map.Entry<String, String> keyword : Map.of("FleetrollKind", "rollout", "FleetrollActor", "training",
        "FleetrollRolloutState", state, "FleetrollStage", stage).entrySet()) {
      attributes.putIndexedFields(keyword.getKey(), attribute("Keyword", '"' + keyword.getValue() + '"'));
    }
    attributes.putIndexedFields("FleetrollHostsTotal", attribute("Int", "20"));
    attributes.putIndexedFields("FleetrollHostsDone", attribute("Int", Long.toString(done)));
    attributes.putIndexedFields("FleetrollHostsFailed", attribute("Int", "0"));
    return attributes.build();
  }

  private static Payload attribute(String type, String json) {
    return Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .putMetadata("type", ByteString.copyFromUtf8(type)).setData(ByteString.copyFromUtf8(json)).build();
  }

  private static Payloads json(ByteString data) {
    return Payloads.newBuilder().addPayloads(Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain")).setData(data)).build();
  }

  private static Timestamp now() {
    Instant now = Instant.now();
    return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
  }

  private static <T> void reply(StreamObserver<T> response, T message) {
    response.onNext(message);
    response.onCompleted();
  }

  private static ByteString resource(String name) {
    try (InputStream in = TrainingFrontend.class.getResourceAsStream(name)) {
      return ByteString.readFrom(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
