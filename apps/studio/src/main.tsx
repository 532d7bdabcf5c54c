import '@xyflow/react/dist/style.css'
import './styles.css'

import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { ReactFlowProvider } from '@xyflow/react'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'

import { App } from './App.tsx'

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')

// note: react-query handles only async I/O here (examples, files, the engine worker); no retries:
// an engine answer is deterministic and a missing example will not appear on a second try.
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } })

createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ReactFlowProvider>
        <App />
      </ReactFlowProvider>
    </QueryClientProvider>
  </StrictMode>,
)
