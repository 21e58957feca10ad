/* The project form: load the chosen project type's questions without a reload.
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
    select.addEventListener("change", function () {
        var url = select.getAttribute("data-questions-url") + "&type=" + encodeURIComponent(select.value);
        fetch(url, {credentials: "same-origin", headers: {"X-Requested-With": "XMLHttpRequest"}})
            .then(function (response) {
                if (!response.ok) {
                    throw new Error(response.status);
                }
                return response.text();
            })
            .then(function (html) {
                var current = document.getElementById("project-questions");
                var holder = document.createElement("div");
                holder.innerHTML = html;
                var fresh = holder.querySelector("#project-questions");
                if (current && fresh) {
                    current.replaceWith(fresh);
                }
            })
            .catch(function () {
                if (button) {
                    button.classList.remove("d-none");
                }
            });
    });
})();
