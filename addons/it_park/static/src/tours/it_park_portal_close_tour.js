/** @odoo-module **/

import {registry} from "@web/core/registry";

// A portal customer closes their own ticket with the close button of the ticket page, which
// posts a form with the CSRF token (the /ticket/close route refuses a GET).
registry.category("web_tour.tours").add("it_park_portal_close_ticket", {
    steps: () => [
        {
            content: "The ticket page offers to close the ticket",
            trigger: "form[action='/ticket/close'][method='POST'] button:contains('Done')",
            run: "click",
        },
        {
            content: "Back on the ticket page, closed: no close button any more",
            trigger: ".o_portal_helpdesk_sidebar:not(:has(div[name='ticket_close_buttons']))",
        },
    ],
});
