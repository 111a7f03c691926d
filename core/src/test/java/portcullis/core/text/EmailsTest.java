package portcullis.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailsTest {
  @Test
  void isValid_acceptsRealAddresses() {
    for (String e : new String[] {"a@b.co", "first.last+tag@mail.example.co.uk", "o'brien@example.com",
        "x_y-z@sub.domain-name.org", "random@domain.com", "123@xn--bcher-kva.example", "jörg@bücher.example"}) {
      assertThat(Emails.isValid(e)).as(e).isTrue();
    }
  }

  @Test
  void isValid_rejectsMalformed() {
    for (String e : new String[] {"", "plain", "@example.com", "a@", "a@b", "a..b@example.com", ".a@example.com",
        "a@-example.com", "a b@example.com", "a@exa mple.com", "a@example..com", null}) {
      assertThat(Emails.isValid(e)).as(String.valueOf(e)).isFalse();
    }
  }
}
