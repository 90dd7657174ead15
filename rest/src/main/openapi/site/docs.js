// The reference page's language switcher: choosing a language on any sample shows that language
// on every sample of the page, and the choice is remembered (localStorage) across visits.
(function () {
  "use strict";
  var STORAGE_KEY = "coveton.docs.language";
  var DEFAULT_LANGUAGE = "curl";

  function languages() {
    var known = {};
    document.querySelectorAll(".sample-tabs button[data-language]").forEach(function (button) {
      known[button.getAttribute("data-language")] = true;
    });
    return known;
  }

  function show(language) {
    document.querySelectorAll(".samples").forEach(function (block) {
      block.querySelectorAll("button[data-language]").forEach(function (button) {
        var selected = button.getAttribute("data-language") === language;
        button.setAttribute("aria-selected", selected ? "true" : "false");
        button.tabIndex = selected ? 0 : -1;
      });
      block.querySelectorAll("pre.sample[data-language]").forEach(function (pre) {
        pre.hidden = pre.getAttribute("data-language") !== language;
      });
    });
    document.documentElement.setAttribute("data-language", language);
  }

  function remembered() {
    try {
      return window.localStorage.getItem(STORAGE_KEY);
    } catch (e) {
      return null; // storage disabled: the choice lasts for this page only
    }
  }

  function remember(language) {
    try {
      window.localStorage.setItem(STORAGE_KEY, language);
    } catch (e) {
      // storage disabled
    }
  }

  function choose(language) {
    // keep the chosen block where the reader's eye is while every other block changes height
    remember(language);
    show(language);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var saved = remembered();
    show(saved && languages()[saved] ? saved : DEFAULT_LANGUAGE);
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest(".sample-tabs button[data-language]") : null;
      if (!button) {
        return;
      }
      var before = button.getBoundingClientRect().top;
      choose(button.getAttribute("data-language"));
      window.scrollBy(0, button.getBoundingClientRect().top - before);
    });
  });
})();
