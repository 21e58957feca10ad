/*
 * While the basket pays a milestone, adding a product asks first.
 *
 * Any form posting to Oscar's add-to-basket URL opens the "Replace the
 * milestone with the product?" modal instead of being submitted; confirming
 * posts the same fields, and the product, to the replace URL. Loaded by
 * oscar/layout.html only while the basket pays a milestone.
 */
(function () {
    "use strict";

    var container = document.getElementById("basket-replace-container");
    if (!container) {
        return;
    }
    var modal = document.getElementById("basket-replace");
    var confirmForm = modal.querySelector("form");
    // The add-to-basket URL of product 0, split around the product's id.
    var addUrl = container.getAttribute("data-basket-add-url");
    var cut = addUrl.lastIndexOf("0");
    var prefix = addUrl.slice(0, cut);
    var suffix = addUrl.slice(cut + 1);
    var pending = null;

    function productOf(form) {
        var action = form.getAttribute("action");
        if (action === null || (form.getAttribute("method") || "").toLowerCase() !== "post") {
            return null;
        }
        var path = new URL(action, window.location.href).pathname;
        if (path.indexOf(prefix) !== 0 || path.slice(-suffix.length) !== suffix) {
            return null;
        }
        var id = path.slice(prefix.length, path.length - suffix.length);
        return /^[0-9]+$/.test(id) ? id : null;
    }

    function copyInto(form, name, value) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        input.setAttribute("data-copied", "");
        form.appendChild(input);
    }

    // Oscar's ui.js turns a clicked submit button into a disabled "Adding…";
    // going back from the modal gives the button back.
    function restore(button) {
        if (button && button.hasAttribute("data-original-html")) {
            button.innerHTML = button.getAttribute("data-original-html");
            button.removeAttribute("data-original-html");
            button.classList.remove("disabled");
            button.disabled = false;
        }
    }

    document.addEventListener("submit", function (event) {
        var form = event.target;
        var product = productOf(form);
        if (form === confirmForm || product === null) {
            return;
        }
        event.preventDefault();
        var button = event.submitter || null;
        if (button) {
            button.setAttribute("data-original-html", button.innerHTML);
        }
        pending = {form: form, product: product, button: button};
        $(modal).modal("show");
    }, true);

    $(modal).on("hidden.bs.modal", function () {
        if (pending) {
            restore(pending.button);
            pending = null;
        }
    });

    confirmForm.addEventListener("submit", function () {
        if (!pending) {
            return;
        }
        confirmForm.querySelectorAll("input[data-copied]").forEach(function (input) {
            input.remove();
        });
        new FormData(pending.form).forEach(function (value, name) {
            if (name !== "csrfmiddlewaretoken" && typeof value === "string") {
                copyInto(confirmForm, name, value);
            }
        });
        copyInto(confirmForm, "product", pending.product);
        pending = null;
    });
})();
