// The middleware steps one by one, without a socket: request ids, the body limit, exceptions
// turned into statuses, error pages (and their fallback), the observer report, HEAD's headers,
// the access log line.
#include "http/middleware.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "http/errors.hpp"
#include "http/request_id.hpp"
#include "support/temp_dir.hpp"

namespace http = polls::http;
using http::HandlerResponse;
using polls::ops::Level;
using polls::ops::LogFormat;
using polls::ops::Logger;

namespace {

httplib::Request request(std::string method, std::string path) {
  httplib::Request req;
  req.method = std::move(method);
  req.path = std::move(path);
  req.start_time_ = std::chrono::steady_clock::now();
  return req;
}

// A Logger writing to a file of its own, and what it wrote.
class CapturedLog {
 public:
  explicit CapturedLog(Level level = Level::Info)
      : file_(dir_ / "log"),
        fd_(::open(file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)),
        log_(LogFormat::Json, level, fd_) {}
  ~CapturedLog() { ::close(fd_); }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;

  const Logger& logger() const { return log_; }
  std::string text() const {
    std::ifstream in(file_);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }

 private:
  polls::testing::TempDir dir_{"polls-middleware"};
  std::filesystem::path file_;
  int fd_;
  Logger log_;
};

struct RecordingObserver final : http::ServerObserver {
  std::vector<std::pair<int, int>> seen;  // route, status
  void request_finished(int route, int status, std::chrono::nanoseconds) override {
    seen.emplace_back(route, status);
  }
};

}  // namespace

TEST_CASE("before routing, the first step that answers ends the list") {
  int ran = 0;
  const auto pass = [&ran](const httplib::Request&, httplib::Response&) {
    ++ran;
    return HandlerResponse::Unhandled;
  };
  const auto answer = [&ran](const httplib::Request&, httplib::Response& res) {
    ++ran;
    res.status = 418;
    return HandlerResponse::Handled;
  };
  httplib::Response res;
  const auto req = request("GET", "/");
  CHECK(http::first_to_answer(pass, pass)(req, res) == HandlerResponse::Unhandled);
  CHECK(ran == 2);
  CHECK(http::first_to_answer(pass, answer, pass)(req, res) == HandlerResponse::Handled);
  CHECK(ran == 4);
  CHECK(res.status == 418);
}

TEST_CASE("a body announced over the limit is refused with 413 and the request keeps its id") {
  const auto before_routing =
      http::first_to_answer(http::assign_request_id, http::RefuseTooLargeBody{10});
  auto req = request("POST", "/");
  req.set_header("X-Request-ID", "client-id-1");
  httplib::Response res;
  SUBCASE("at the limit") {
    req.set_header("Content-Length", "10");
    CHECK(before_routing(req, res) == HandlerResponse::Unhandled);
    CHECK(res.status == -1);
  }
  SUBCASE("over it") {
    req.set_header("Content-Length", "11");
    CHECK(before_routing(req, res) == HandlerResponse::Handled);
    CHECK(res.status == 413);
  }
  CHECK(http::request_id(res) == "client-id-1");
}

TEST_CASE("Expect: 100-continue is answered 100 up to the limit and 413 beyond it") {
  const http::ContinueUnlessTooLarge expect{10};
  const auto announcing = [](const char* length) {
    auto req = request("POST", "/");
    req.set_header("Content-Length", length);
    return req;
  };
  httplib::Response res;
  CHECK(expect(announcing("10"), res) == 100);
  CHECK(res.status == -1);
  CHECK(expect(announcing("11"), res) == 413);
  CHECK(res.status == 413);
}

TEST_CASE("a request id that is not safe to reflect is replaced by a generated one") {
  auto req = request("GET", "/");
  req.set_header("X-Request-ID", "has spaces");
  httplib::Response res;
  http::assign_request_id(req, res);
  CHECK(http::request_id(res) != "has spaces");
  CHECK(http::is_acceptable_request_id(http::request_id(res)));

  SUBCASE("and one set before is kept after routing") {
    const std::string id(http::request_id(res));
    http::ensure_request_id(req, res);
    CHECK(http::request_id(res) == id);
    CHECK(res.headers.count("X-Request-ID") == 1);
  }
  SUBCASE("a response no step gave one gets one after routing") {
    httplib::Response bare;
    http::ensure_request_id(req, bare);
    CHECK(http::is_acceptable_request_id(http::request_id(bare)));
  }
}

TEST_CASE("a view's exception becomes its status in one place, and its partial body is dropped") {
  CapturedLog log;
  bool mapper_answers = false;
  const http::ExceptionMapper mapper =
      [&mapper_answers](const std::exception&, const httplib::Request&, httplib::Response& res) {
        if (mapper_answers) res.status = 503;
        return mapper_answers;
      };
  const http::MapExceptions map{log.logger(), mapper};
  const auto req = request("GET", "/page");
  httplib::Response res;
  res.body = "half-written";
  const auto status_for = [&](auto error) {
    map(req, res, std::make_exception_ptr(error));
    return res.status;
  };
  SUBCASE("NotFound") { CHECK(status_for(http::NotFound{}) == 404); }
  SUBCASE("Forbidden") { CHECK(status_for(http::Forbidden{}) == 403); }
  SUBCASE("BadRequest, logged at info") {
    CHECK(status_for(http::BadRequest("no such choice")) == 400);
    CHECK(log.text().find("\"reason\":\"no such choice\"") != std::string::npos);
  }
  SUBCASE("another exception the mapper answers") {
    mapper_answers = true;
    CHECK(status_for(std::runtime_error("locked")) == 503);
    CHECK(log.text().empty());
  }
  SUBCASE("another exception the mapper leaves: 500, logged") {
    CHECK(status_for(std::runtime_error("detail")) == 500);
    CHECK(log.text().find("\"error\":\"detail\"") != std::string::npos);
  }
  SUBCASE("something that is not an exception: 500, logged") {
    CHECK(status_for(42) == 500);
    CHECK(log.text().find("unknown exception") != std::string::npos);
  }
  CHECK(res.body.empty());
}

TEST_CASE("an error page that fails to render falls back to a line of text with the status") {
  CapturedLog log;
  const http::ErrorPageRenderer failing = [](const httplib::Request&, httplib::Response&) {
    throw std::runtime_error("template broken");
  };
  const http::RenderErrorPages pages{log.logger(), failing};
  httplib::Response res;
  res.status = 404;
  CHECK(pages(request("GET", "/missing"), res) == HandlerResponse::Handled);
  CHECK(res.status == 404);
  CHECK(res.body == "Error 404\n");
  CHECK(res.get_header_value("Content-Type") == "text/plain; charset=utf-8");
  CHECK(log.text().find("error page failed") != std::string::npos);
}

TEST_CASE("an error response that already has a body keeps it") {
  CapturedLog log;
  bool rendered = false;
  const http::ErrorPageRenderer renderer = [&rendered](const httplib::Request&,
                                                       httplib::Response&) { rendered = true; };
  const http::RenderErrorPages pages{log.logger(), renderer};
  httplib::Response res;
  res.status = 400;
  res.body = "own text";
  CHECK(pages(request("GET", "/"), res) == HandlerResponse::Unhandled);
  CHECK_FALSE(rendered);
  CHECK(res.body == "own text");
}

TEST_CASE("the observer hears each response once, and the matched route is taken even without it") {
  http::Router router;
  router.add("GET", "/a/", [](const httplib::Request&, httplib::Response&, const http::Params&) {});
  const auto req = request("GET", "/a/");
  httplib::Response res;
  router.dispatch(req, res);
  res.status = 200;
  SUBCASE("with an observer") {
    RecordingObserver observer;
    http::ReportToObserver{&observer}(req, res);
    http::ReportToObserver{&observer}(req, res);
    CHECK(observer.seen == std::vector<std::pair<int, int>>{{0, 200}, {-1, 200}});
  }
  SUBCASE("without one") {
    http::ReportToObserver{nullptr}(req, res);
    CHECK(http::Router::take_matched_route() == -1);
  }
}

TEST_CASE("a HEAD answer loses the Accept-Ranges cpp-httplib adds to HEAD only") {
  httplib::Response res;
  res.set_header("Accept-Ranges", "bytes");
  http::drop_head_only_headers(request("GET", "/"), res);
  CHECK(res.has_header("Accept-Ranges"));
  http::drop_head_only_headers(request("HEAD", "/"), res);
  CHECK_FALSE(res.has_header("Accept-Ranges"));
}

TEST_CASE("the steps after routing run in the order listed") {
  std::string order;
  const auto step = [&order](char name) {
    return [&order, name](const httplib::Request&, httplib::Response&) { order += name; };
  };
  httplib::Response res;
  http::each_of(step('a'), step('b'), step('c'))(request("GET", "/"), res);
  CHECK(order == "abc");
}

TEST_CASE("the access log writes one line a response at info, and none above it") {
  auto req = request("GET", "/polls/");
  req.remote_addr = "127.0.0.1";
  httplib::Response res;
  res.status = 200;
  res.body = "hello";
  res.set_header("X-Request-ID", "r-1");
  SUBCASE("at info") {
    CapturedLog log;
    http::AccessLog{log.logger()}(req, res);
    const std::string text = log.text();
    CHECK(std::count(text.begin(), text.end(), '\n') == 1);
    for (const char* field :
         {"\"method\":\"GET\"", "\"path\":\"/polls/\"", "\"status\":200", "\"bytes\":5",
          "\"remote\":\"127.0.0.1\"", "\"request_id\":\"r-1\"", "\"duration_ms\":"}) {
      CHECK(text.find(field) != std::string::npos);
    }
  }
  SUBCASE("at warn") {
    CapturedLog log(Level::Warn);
    http::AccessLog{log.logger()}(req, res);
    CHECK(log.text().empty());
  }
}
