/* The project form: load the chosen project type's questions, and the vendors
   offering it (to invite), without a reload.
   Without this script, "Continue" posts the form and the page comes back with
   the questions; the server renders them either way. */
(function () {
    "use strict";
    var select = document.querySelector("#project_form select[name='project_type']");
    if (!select || !window.fetch) {
        return;
    }
    var button = document.querySelector("#project_form .js-choose-type");
    if (button) {
        button.classList.add("d-none");
    }
    /* Each part that follows the type: its ?partial= name and its element. */
    var parts = [["questions", "project-questions"], ["invitees", "project-invitees"]];
    select.addEventListener("change", function () {
        var base = select.getAttribute("data-questions-url");
        parts.forEach(function (part) {
            var current = document.getElementById(part[1]);
            if (!current) {
                return;
            }
            var url = base.replace("partial=questions", "partial=" + part[0]) + "&type=" + encodeURIComponent(select.value);
            fetch(url, {credentials: "same-origin", headers: {"X-Requested-With": "XMLHttpRequest"}})
                .then(function (response) {
                    if (!response.ok) {
                        throw new Error(response.status);
                    }
                    return response.text();
                })
                .then(function (html) {
                    var holder = document.createElement("div");
                    holder.innerHTML = html;
                    var fresh = holder.querySelector("#" + part[1]);
                    if (fresh) {
                        document.getElementById(part[1]).replaceWith(fresh);
                    }
                })
                .catch(function () {
                    if (button) {
                        button.classList.remove("d-none");
                    }
                });
        });
    });
})();
