package dev.fleetroll.sim.taskcluster;

/** An error the stand-in answers with, in Taskcluster's shape ({@code code}, {@code message}, {@code requestInfo}). */
final class ApiError extends RuntimeException {
  final int status;
  final String code;

  ApiError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  static ApiError notFound(String message) {
    return new ApiError(404, "ResourceNotFound", message);
  }

  static ApiError badArguments(String message) {
    return new ApiError(400, "InvalidRequestArguments", message);
  }

  static ApiError authentication(String message) {
    return new ApiError(401, "AuthenticationFailed", message);
  }
}
