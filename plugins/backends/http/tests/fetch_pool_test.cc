#include "fetch_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "test_support.h"

namespace smee::backend_http {
namespace {

using backend_file::testing::eventually;
using Outcome = FetchPool::Outcome;

LookupKey key(const char* mac) { return LookupKey::of(*MacAddress::parse(mac)); }

// Work that holds every worker until release().
struct Gate {
  std::mutex mutex;
  std::condition_variable cv;
  bool open = false;
  std::atomic<int> started{0};
  std::atomic<int> done{0};
  void wait() {
    ++started;
    std::unique_lock lock(mutex);
    cv.wait(lock, [this] { return open; });
    ++done;
  }
  void release() {
    {
      std::lock_guard lock(mutex);
      open = true;
    }
    cv.notify_all();
  }
};

TEST(FetchPool, AKeyWaitingOrInFlightIsNotQueuedAgain) {
  Gate gate;
  FetchPool pool(1, 8, [&](const LookupKey&) { gate.wait(); });
  pool.start();
  EXPECT_EQ(pool.enqueue(key("52:54:00:00:00:01")), Outcome::Queued);
  ASSERT_TRUE(eventually([&] { return gate.started == 1; }));
  EXPECT_EQ(pool.enqueue(key("52:54:00:00:00:01")), Outcome::AlreadyPending) << "in flight";
  EXPECT_EQ(pool.enqueue(key("52:54:00:00:00:02")), Outcome::Queued);
  EXPECT_EQ(pool.enqueue(key("52-54-00-00-00-02")), Outcome::AlreadyPending) << "waiting";
  gate.release();
  ASSERT_TRUE(eventually([&] { return gate.done == 2; }));
  // Fetched: a later lookup may ask again.
  ASSERT_TRUE(
      eventually([&] { return pool.enqueue(key("52:54:00:00:00:01")) == Outcome::Queued; }));
  pool.stop();
}

TEST(FetchPool, AFullQueueDropsAndRecovers) {
  Gate gate;
  FetchPool pool(1, 2, [&](const LookupKey&) { gate.wait(); });
  pool.start();
  ASSERT_EQ(pool.enqueue(key("52:54:00:00:00:01")), Outcome::Queued);
  ASSERT_TRUE(eventually([&] { return gate.started == 1; }));
  EXPECT_EQ(pool.enqueue(key("52:54:00:00:00:02")), Outcome::Queued);
  EXPECT_EQ(pool.enqueue(key("52:54:00:00:00:03")), Outcome::Queued);
  EXPECT_EQ(pool.queued(), 2u);
  EXPECT_EQ(pool.enqueue(key("52:54:00:00:00:04")), Outcome::Dropped);
  gate.release();
  ASSERT_TRUE(eventually([&] { return gate.done == 3; }));
  EXPECT_EQ(pool.enqueue(key("52:54:00:00:00:04")), Outcome::Queued);
  pool.stop();
}

TEST(FetchPool, StopForgetsTheQueueAndJoins) {
  Gate gate;
  std::atomic<int> calls{0};
  FetchPool pool(1, 8, [&](const LookupKey&) {
    ++calls;
    gate.wait();
  });
  pool.start();
  pool.enqueue(key("52:54:00:00:00:01"));
  pool.enqueue(key("52:54:00:00:00:02"));
  ASSERT_TRUE(eventually([&] { return gate.started == 1; }));
  // Released once stop() has emptied the queue, so the worker cannot take
  // the second key first.
  std::thread releaser([&] {
    eventually([&] { return pool.queued() == 0; });
    gate.release();
  });
  pool.stop();
  releaser.join();
  EXPECT_EQ(calls, 1) << "the queued key was not fetched after stop()";
  EXPECT_EQ(pool.enqueue(key("52:54:00:00:00:03")), Outcome::Dropped);
}

TEST(FetchPool, AThrowingFetchDoesNotKillTheWorker) {
  std::atomic<int> calls{0};
  FetchPool pool(1, 8, [&](const LookupKey&) {
    ++calls;
    throw std::runtime_error("boom");
  });
  pool.start();
  pool.enqueue(key("52:54:00:00:00:01"));
  ASSERT_TRUE(eventually([&] { return calls == 1; }));
  ASSERT_TRUE(
      eventually([&] { return pool.enqueue(key("52:54:00:00:00:02")) == Outcome::Queued; }));
  EXPECT_TRUE(eventually([&] { return calls == 2; }));
  pool.stop();
}

}  // namespace
}  // namespace smee::backend_http
