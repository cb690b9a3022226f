// gloss: previews for terms, citations, people and footnotes. Reading needs
// none of this: every trigger is a plain link to the glossary entry, the
// source paragraph or the footnote. With JavaScript on, hovering, focusing
// or tapping a trigger opens one shared popover (the HTML Popover API) with
// a short text and a link to read more; Escape or a tap elsewhere closes it,
// and it never traps focus. The popover is "manual" so that a second tap on
// the same trigger follows the link instead of being taken by light dismiss.
(function () {
  "use strict";
  if (!HTMLElement.prototype.hasOwnProperty("popover")) return;
  var pop = document.createElement("div");
  pop.id = "gloss-pop";
  pop.className = "gloss-pop";
  pop.setAttribute("popover", "manual");
  pop.setAttribute("role", "tooltip");
  document.body.appendChild(pop);
  var current = null, hideTimer = 0, showTimer = 0, shownByTap = false;

  function content(a) {
    if (a.dataset.pop !== undefined || a.dataset.popTitle) {
      return { title: a.dataset.popTitle || "", text: a.dataset.pop || "", more: a.dataset.popMore || "Read more" };
    }
    var id = decodeURIComponent(a.hash.slice(1));
    var note = id && document.getElementById(id);
    if (!note) return null;
    var clone = note.cloneNode(true);
    clone.querySelectorAll(".footnote-backref").forEach(function (b) { b.remove(); });
    return { title: "Note " + a.textContent.trim(), text: clone.textContent.trim(), more: "Go to the note" };
  }

  function show(a) {
    clearTimeout(hideTimer);
    if (current === a && pop.matches(":popover-open")) return;
    var c = content(a);
    if (!c) return;
    pop.textContent = "";
    if (c.title) {
      var t = document.createElement("strong");
      t.textContent = c.title;
      pop.appendChild(t);
    }
    if (c.text) {
      var p = document.createElement("p");
      p.textContent = c.text;
      pop.appendChild(p);
    }
    var more = document.createElement("a");
    more.href = a.href;
    more.textContent = c.more + " →";
    // The trigger is itself the link to the same place: the preview adds no
    // second Tab stop to the reading flow.
    more.tabIndex = -1;
    pop.appendChild(more);
    a.after(pop);
    if (current) current.removeAttribute("aria-describedby");
    if (current !== a) shownByTap = false;
    current = a;
    a.setAttribute("aria-describedby", pop.id);
    if (!pop.matches(":popover-open")) pop.showPopover();
    place(a);
  }

  // Below the trigger on wide screens. On a phone the reader's next tap is on
  // the lines after the trigger, so the preview goes above it, scrolling the
  // page down a little if there is no room.
  function place(a) {
    pop.style.maxWidth = "";
    var r = a.getBoundingClientRect();
    var w = Math.min(pop.offsetWidth, window.innerWidth - 16);
    var left = Math.max(8, Math.min(r.left, window.innerWidth - w - 8));
    var h = pop.offsetHeight;
    var above = r.top - h - 6, top = r.bottom + 6;
    if (window.innerWidth < 640) {
      if (above < 8 && window.scrollY > 0) {
        window.scrollBy(0, above - 8);
        r = a.getBoundingClientRect();
        above = r.top - h - 6;
        top = r.bottom + 6;
      }
      if (above >= 8) top = above;
    } else if (a.classList.contains("cite") && margin(a)) {
      // On a wide screen a citation's passage fits in the margin, level with
      // the claim, where it covers none of the text being read.
      left = margin(a);
      pop.style.maxWidth = Math.min(384, window.innerWidth - 8 - left) + "px";
      h = pop.offsetHeight;
      top = Math.max(8, Math.min(r.top - 4, window.innerHeight - h - 8));
    } else if (top + h > window.innerHeight - 8 && above >= 8) {
      top = above;
    }
    pop.style.left = left + "px";
    pop.style.top = top + "px";
  }

  // margin is where a preview fits right of the text trigger a is in (at
  // least 240 px wide), or 0 when the window has no room for it there.
  function margin(a) {
    var text = a.closest(".prose");
    if (!text || window.innerWidth < 1100) return 0;
    var right = text.getBoundingClientRect().right + 24;
    return window.innerWidth - 8 - right >= 240 ? right : 0;
  }

  function hideSoon() {
    clearTimeout(showTimer);
    hideTimer = setTimeout(function () {
      // A preview opened by a tap stays until the reader taps elsewhere or
      // presses Escape: the mouse and focus events a tap leaves behind on
      // the previous trigger must not close it.
      if (shownByTap) return;
      if (pop.matches(":popover-open") && !pop.matches(":hover") && !pop.contains(document.activeElement)) pop.hidePopover();
    }, 250);
  }

  pop.addEventListener("toggle", function (e) {
    // The event comes after the fact: if another trigger has opened the
    // preview since, it belongs to that one now.
    if (e.newState === "closed" && current && !pop.matches(":popover-open")) {
      current.removeAttribute("aria-describedby");
      current = null;
      shownByTap = false;
    }
  });
  pop.addEventListener("mouseleave", hideSoon);
  pop.addEventListener("focusout", function (e) {
    if (!pop.contains(e.relatedTarget) && e.relatedTarget !== current) hideSoon();
  });

  var triggers = "a[data-pop-title], a.footnote-ref";
  document.addEventListener("mouseover", function (e) {
    var a = e.target.closest && e.target.closest(triggers);
    if (!a) return;
    clearTimeout(showTimer);
    showTimer = setTimeout(function () { show(a); }, 200);
  });
  document.addEventListener("mouseout", function (e) {
    var a = e.target.closest && e.target.closest(triggers);
    if (a && !a.contains(e.relatedTarget)) hideSoon();
  });
  document.addEventListener("focusin", function (e) {
    var a = e.target.closest && e.target.closest(triggers);
    if (a) show(a);
  });
  document.addEventListener("focusout", function (e) {
    var a = e.target.closest && e.target.closest(triggers);
    if (a && !pop.contains(e.relatedTarget)) hideSoon();
  });
  // On a touch screen there is no hover: a first tap on a trigger shows its
  // preview, a second follows the link. A mouse click or the Enter key
  // follows it at once (hover and focus have already shown the preview).
  // A tap or click anywhere else closes the preview.
  var pointer = "";
  document.addEventListener("pointerdown", function (e) { pointer = e.pointerType; }, true);
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest(triggers);
    if (!a) {
      if (pop.matches(":popover-open") && !pop.contains(e.target)) pop.hidePopover();
      return;
    }
    var touch = e.detail > 0 && (pointer === "touch" || pointer === "pen");
    if (!touch || e.metaKey || e.ctrlKey || e.shiftKey) return;
    if (current !== a || !pop.matches(":popover-open") || !shownByTap) {
      e.preventDefault();
      show(a);
      shownByTap = true;
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && pop.matches(":popover-open")) {
      var back = current;
      pop.hidePopover();
      if (back && pop.contains(document.activeElement)) back.focus();
    }
  });
  window.addEventListener("resize", function () { if (current && pop.matches(":popover-open")) place(current); });
  window.addEventListener("scroll", function () { if (current && pop.matches(":popover-open")) place(current); }, { passive: true });
})();

// The source reader. Without JavaScript every paragraph's notes and links
// follow it (or sit in the margin on wide screens), and its ¶ number is its
// link. With it, on narrow screens each paragraph's margin folds behind a
// button, and each paragraph gets a button that copies its link.
(function () {
  "use strict";
  var text = document.querySelector(".source-text");
  if (!text) return;
  text.querySelectorAll(".para-margin").forEach(function (aside) {
    var para = aside.previousElementSibling;
    var n = para && para.id ? para.id.slice(1) : "";
    var items = aside.querySelectorAll(".gloss-note").length;
    var b = document.createElement("button");
    b.type = "button";
    b.className = "margin-toggle";
    b.setAttribute("aria-expanded", "false");
    b.setAttribute("aria-controls", aside.id);
    b.textContent = (items ? items + (items === 1 ? " note" : " notes") + " and links" : "Links") + " on ¶" + n;
    b.addEventListener("click", function () {
      var open = aside.hasAttribute("data-open");
      if (open) aside.removeAttribute("data-open"); else aside.setAttribute("data-open", "");
      b.setAttribute("aria-expanded", String(!open));
    });
    aside.before(b);
  });
  text.classList.add("margins-js");
  if (navigator.clipboard) {
    text.querySelectorAll("p.numbered").forEach(function (p) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "copy-link";
      b.textContent = "Link";
      b.setAttribute("aria-label", "Copy a link to ¶" + p.id.slice(1));
      b.addEventListener("click", function () {
        var url = location.href.split("#")[0] + "#" + p.id;
        navigator.clipboard.writeText(url).then(function () {
          b.setAttribute("data-copied", "");
          setTimeout(function () { b.removeAttribute("data-copied"); }, 2000);
        });
      });
      p.appendChild(b); // at the paragraph's end: a target of its own, never on top of the next ¶
    });
  }
})();
