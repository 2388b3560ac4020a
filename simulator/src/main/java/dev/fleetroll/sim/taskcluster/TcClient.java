package dev.fleetroll.sim.taskcluster;

import java.util.List;

/** A Taskcluster client the stand-in knows: Hawk id, access token and scopes. */
public record TcClient(String clientId, String accessToken, List<String> scopes) {
  @Override
  public String toString() { // never print the token
    return "TcClient[" + clientId + ", scopes=" + scopes + "]";
  }
}
