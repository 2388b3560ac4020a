package dev.fleetroll.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import org.junit.jupiter.api.Test;

/**
 * A host that goes down while we authenticate (a Mac reboots after every task) must read as
 * unreachable, which callers retry, and never as a refused key, which they do not.
 */
class AuthFailureTest {

  @Test
  void aConnectionLostDuringAuthenticationIsAnUnreachableHost() {
    // What sshj 0.40 throws: SSHClient.auth wraps the per-method failure, which chains the transport error.
    UserAuthException e = new UserAuthException("Exhausted available authentication methods",
        new UserAuthException(new TransportException(DisconnectReason.CONNECTION_LOST, "Broken transport; encountered EOF")));

    HostException failure = SshSessions.authFailure("macmini-r8-001", "relops", e, false);

    assertThat(failure).isInstanceOf(HostUnreachableException.class);
    assertThat(failure.failure()).isEqualTo(SshFailure.UNREACHABLE);
    assertThat(failure.getMessage()).contains("connection lost while authenticating").contains("encountered EOF");
  }

  @Test
  void noAnswerToTheAuthenticationRequestIsAnUnreachableHost() {
    UserAuthException e = new UserAuthException("Exhausted available authentication methods",
        new UserAuthException(new TimeoutException("Timeout expired")));

    assertThat(SshSessions.authFailure("h", "relops", e, true)).isInstanceOf(HostUnreachableException.class);
  }

  @Test
  void everyKeyRefusedOnALiveConnectionIsAnAuthenticationFailure() {
    UserAuthException e = new UserAuthException("Exhausted available authentication methods", null);

    HostException failure = SshSessions.authFailure("h", "relops", e, true);

    assertThat(failure).isInstanceOf(AuthenticationFailedException.class);
    assertThat(failure.getMessage()).contains("authentication as relops failed");
  }
}
