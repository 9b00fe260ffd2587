/* The staff console's progressive enhancement: live queue and transcript (server-sent events with
   reconnection), canned-reply insertion and sending replies without a page load. Every page
   works without this file; it never builds markup from message text (the server sends escaped
   HTML fragments, and everything else is set with textContent). */
(function () {
  "use strict";

  function $(selector, root) {
    return (root || document).querySelector(selector);
  }

  var liveStatus = $("[data-live-status]");
  var liveText = $("[data-live-text]");

  function showLive(message) {
    if (!liveStatus) return;
    liveStatus.hidden = false;
    liveText.textContent = message;
  }

  function signedOut() {
    if (!liveStatus) return;
    liveStatus.hidden = false;
    liveText.textContent = "You have been signed out, so the page no longer updates. ";
    var link = document.createElement("a");
    link.href = "/staff/login?next=" + encodeURIComponent(location.pathname);
    link.textContent = "Sign in again";
    liveText.appendChild(link);
  }

  /* An EventSource that survives the server going away: the browser retries network errors by
     itself; when it gives up (a restart answered 5xx, say) we check the session and start again
     with a growing delay. */
  function live(urlFor, handlers, onOpen) {
    var delay = 1000;
    var stopped = false;
    var source = null;

    function later() {
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    }

    function connect() {
      if (stopped) return;
      source = new EventSource(urlFor());
      source.addEventListener("open", function () {
        delay = 1000;
        showLive("Live updates are on.");
        if (onOpen) onOpen();
      });
      Object.keys(handlers).forEach(function (name) {
        source.addEventListener(name, function (event) {
          handlers[name](event.data ? JSON.parse(event.data) : {});
        });
      });
      source.addEventListener("signed_out", function () {
        stopped = true;
        source.close();
        signedOut();
      });
      source.addEventListener("error", function () {
        if (stopped) return;
        if (source.readyState !== EventSource.CLOSED) {
          showLive("Live updates interrupted. Reconnecting…");
          return;
        }
        showLive("Live updates stopped. Reconnecting…");
        fetch("/staff/queue/fragment", { credentials: "same-origin" }).then(
          function (response) {
            if (response.status === 401) {
              stopped = true;
              signedOut();
            } else {
              later();
            }
          },
          later
        );
      });
    }

    connect();
    window.addEventListener("pagehide", function () {
      stopped = true;
      if (source) source.close();
    });
  }

  /* Waiting times in words, as the server writes them (bot/console/labels.py: waited). */
  function waited(seconds) {
    var minutes = Math.floor(seconds / 60);
    if (minutes < 1) return "under a minute";
    if (minutes < 60) return minutes + " min";
    var hours = Math.floor(minutes / 60);
    minutes = minutes % 60;
    if (hours < 48) return hours + " h " + (minutes < 10 ? "0" : "") + minutes + " min";
    return Math.floor(hours / 24) + " days";
  }

  function tickWaits(root) {
    var cells = root.querySelectorAll("[data-waiting-since]");
    for (var i = 0; i < cells.length; i++) {
      var since = Date.parse(cells[i].getAttribute("data-waiting-since"));
      if (!isNaN(since)) cells[i].textContent = waited((Date.now() - since) / 1000);
    }
  }

  // ------------------------------------------------------------------------------- the queue

  function setUpQueue(queue) {
    var announce = $("[data-announce]");
    var baseTitle = document.title;

    function waitingCount() {
      var marker = queue.querySelector('[data-kind="waiting"]');
      return marker ? parseInt(marker.getAttribute("data-count"), 10) || 0 : 0;
    }

    var lastCount = waitingCount();

    function showCount(count) {
      document.title = (count ? "(" + count + " waiting) " : "") + baseTitle;
    }

    function refresh() {
      fetch(queue.getAttribute("data-queue-url"), { credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 401) {
            signedOut();
            return null;
          }
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (html === null) return;
          // Keep keyboard focus on the same conversation's link if it is still listed.
          var focused = document.activeElement;
          var row = focused && queue.contains(focused) ? focused.closest("tr[data-contact]") : null;
          var contact = row ? row.getAttribute("data-contact") : null;
          queue.innerHTML = html; // server-rendered, every value escaped there
          if (contact) {
            var again = queue.querySelector('tr[data-contact="' + CSS.escape(contact) + '"] a');
            if (again) again.focus();
          }
          var count = waitingCount();
          if (count > lastCount && announce) {
            announce.textContent =
              count === 1 ? "1 conversation waiting for a person." : count + " conversations waiting for a person.";
          }
          lastCount = count;
          showCount(count);
          tickWaits(queue);
        })
        .catch(function () {
          // The gateway went away mid-fetch; the stream's reconnection refreshes the queue again.
          showLive("Live updates interrupted. Reconnecting…");
        });
    }

    showCount(lastCount);
    live(function () {
      return queue.getAttribute("data-events-url");
    }, { queue: refresh });
    setInterval(function () {
      tickWaits(queue);
    }, 30000);
  }

  // ------------------------------------------------------------------------------- a conversation

  function setUpConversation(conversation) {
    var transcript = $("#transcript"); // the scrolling log
    var list = $("#transcript ol");
    var statusText = $("[data-status]");
    var stale = $("[data-stale]");
    var initialStatus = statusText ? statusText.textContent : "";

    function lastId() {
      var items = list.querySelectorAll("li[data-id]");
      return items.length ? items[items.length - 1].getAttribute("data-id") : conversation.getAttribute("data-last-id");
    }

    function nearBottom() {
      return transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 80;
    }

    transcript.scrollTop = transcript.scrollHeight;

    live(
      function () {
        return conversation.getAttribute("data-events-url") + "?after=" + encodeURIComponent(lastId() || "0");
      },
      {
        message: function (data) {
          if (document.getElementById("m-" + data.id)) return;
          var follow = nearBottom();
          list.insertAdjacentHTML("beforeend", data.html); // escaped on the server
          if (follow) transcript.scrollTop = transcript.scrollHeight;
        },
        state: function (data) {
          if (!statusText || data.status === statusText.textContent) return;
          statusText.textContent = data.status;
          if (stale && data.status !== initialStatus) stale.hidden = false;
        },
      }
    );

    setUpCanned();
    setUpReply();
  }

  function setUpCanned() {
    var box = $("#reply");
    if (!box) return;
    var links = document.querySelectorAll("a[data-canned-text]");
    Array.prototype.forEach.call(links, function (link) {
      // A button, not a link, once it inserts in place rather than loading a page.
      var button = document.createElement("button");
      button.type = "button";
      button.className = link.className;
      while (link.firstChild) button.appendChild(link.firstChild);
      var text = link.getAttribute("data-canned-text");
      button.addEventListener("click", function () {
        var start = box.selectionStart || 0;
        var end = box.selectionEnd || 0;
        var before = box.value.slice(0, start);
        var after = box.value.slice(end);
        box.value = before + text + after;
        box.focus();
        box.selectionStart = box.selectionEnd = start + text.length;
      });
      link.parentNode.replaceChild(button, link);
    });
  }

  function setUpReply() {
    var form = $("form[data-reply-form]");
    if (!form || !window.fetch) return;
    var box = $("#reply");
    var errorSlot = $("[data-reply-error]", form);
    var field = $("[data-reply-field]", form);
    var button = $("button[type=submit]", form);
    var token = $("input[name=csrf_token]", form).value;

    function showError(message) {
      errorSlot.textContent = "";
      var p = document.createElement("p");
      p.className = "error-message";
      p.id = "reply-error";
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = "Error:";
      p.appendChild(hidden);
      p.appendChild(document.createTextNode(" " + message));
      errorSlot.appendChild(p);
      field.classList.add("field--error");
      box.setAttribute("aria-invalid", "true");
      box.setAttribute("aria-describedby", "reply-error");
      box.focus();
    }

    function clearError() {
      errorSlot.textContent = "";
      field.classList.remove("field--error");
      box.removeAttribute("aria-invalid");
      box.removeAttribute("aria-describedby");
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!box.value.trim()) {
        showError("Write a message first.");
        return;
      }
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRF-Token": token },
        body: new URLSearchParams(new FormData(form)),
      })
        .then(function (response) {
          if (response.status === 401) {
            signedOut();
            throw new Error("Sign in again, then send your reply.");
          }
          return response.json().catch(function () {
            return { ok: false, error: "Sending failed. Refresh the page and try again." };
          });
        })
        .then(function (result) {
          if (!result.ok) throw new Error(result.error || "Sending failed.");
          clearError();
          box.value = "";
          box.focus();
        })
        .catch(function (error) {
          var message = error && error.message ? error.message : "";
          showError(message && message !== "Failed to fetch" ? message : "Sending failed. Check your connection and try again.");
        })
        .then(function () {
          button.disabled = false;
        });
    });
  }

  var queue = $("#queue");
  if (queue) setUpQueue(queue);
  var conversation = $(".conversation");
  if (conversation) setUpConversation(conversation);
})();
