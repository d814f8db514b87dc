// A browser for the admin tests: keeps the cookies the site sets (csrftoken, sessionid), takes
// the CSRF token from the last page with a form, and sends the Origin a browser would. Plus
// staff users made directly in the database with a cheap password hash.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/support.hpp"

namespace polls::test {

using Fields = std::vector<std::pair<std::string, std::string>>;

// Iterations for test users: real hashing at 600,000 would make each login take a second.
constexpr int kTestIterations = 1000;

struct UserSpec {
  std::string username = "admin";
  std::string password = "correct horse";
  bool is_staff = true;
  bool is_superuser = true;
  bool is_active = true;
  int iterations = kTestIterations;
};

// Inserts a user into auth_user; its id.
std::int64_t create_user(TestSite& site, const UserSpec& spec = {});

// Makes the site hash and throttle as the tests expect: cheap hashes, no sleeping.
void tune_for_tests(TestSite& site);

class AdminClient {
 public:
  explicit AdminClient(TestSite& site) : site_(site) {}

  httplib::Result get(const std::string& path, httplib::Headers extra = {});
  // POSTs a form with the CSRF token of the last page (or a fresh one from the login page).
  httplib::Result post(const std::string& path, Fields fields, httplib::Headers extra = {});

  // Logs in through the form and follows the redirect, as a browser; the response of the POST.
  httplib::Result login(std::string_view username = "admin",
                        std::string_view password = "correct horse", std::string_view next = "");

  std::map<std::string, std::string>& cookies() { return cookies_; }
  // The Origin header of POSTs; "http://<host>" unless set.
  void set_origin(std::string origin) { origin_ = std::move(origin); }
  // The Set-Cookie header of the last response that set this cookie.
  const std::string& set_cookie_header(const std::string& name) { return set_cookie_[name]; }

 private:
  httplib::Headers headers(httplib::Headers extra) const;
  void remember(const httplib::Result& res);

  TestSite& site_;
  std::map<std::string, std::string> cookies_;
  std::map<std::string, std::string> set_cookie_;
  std::string token_;
  std::string origin_;
};

// The value of attribute name="..." value="..." of the first input with that name.
std::string input_value(std::string_view html, std::string_view name);

}  // namespace polls::test
